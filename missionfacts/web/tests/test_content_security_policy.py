"""Every page says what it may load: only missionfacts' own files, and no script written into the page."""

from django.test import TestCase

PAGES = ["/", "/accounts/login/", "/api/missions/", "/admin/login/"]


class ContentSecurityPolicyTests(TestCase):
    def policy_of(self, path: str) -> dict[str, list[str]]:
        response = self.client.get(path)
        self.assertLess(response.status_code, 400, path)
        header = response.headers.get("Content-Security-Policy", "")
        directives = [directive.split() for directive in header.split(";") if directive.strip()]
        return {name: sources for name, *sources in directives}

    def test_every_page_loads_only_what_missionfacts_serves_and_runs_no_inline_script(self):
        for path in PAGES:
            with self.subTest(path=path):
                policy = self.policy_of(path)
                self.assertEqual(policy.get("default-src"), ["'self'"])
                self.assertIn("'self'", policy.get("script-src", []))
                self.assertNotIn("'unsafe-inline'", policy["script-src"])
                self.assertEqual(policy.get("object-src"), ["'none'"])
                self.assertEqual(policy.get("frame-ancestors"), ["'none'"])
                self.assertEqual(policy.get("base-uri"), ["'none'"])

    def test_the_api_documentation_may_run_its_own_inline_start_script_and_still_loads_only_its_own_files(self):
        policy = self.policy_of("/api/docs/")
        self.assertEqual(policy.get("default-src"), ["'self'"])
        self.assertIn("'unsafe-inline'", policy.get("script-src", []))
