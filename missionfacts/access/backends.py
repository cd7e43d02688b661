"""The sign-in limit's check as an authentication backend (see access.signin)."""

from axes.backends import AxesStandaloneBackend


class SignInLimit(AxesStandaloneBackend):
    """django-axes' check before each sign-in, for sign-ins that come with a request.

    A sign-in without one (Django's test client, a script on the server) is not made over the network and is
    not limited; django-axes would refuse it outright.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
