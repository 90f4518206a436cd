"""`auth.php` beyond login: who the session is, and ending it."""

from __future__ import annotations

from hostkey_tui.api.errors import InvapiError
from hostkey_tui.api.resources.base import Resource
from hostkey_tui.models.account import AccountInfo, Session, account_info_from_json
from hostkey_tui.models.common import Secret


class AuthApi(Resource):
    resource = "auth"

    async def login(self) -> Session:
        """Log in with the API key now (calls log in by themselves when needed)."""
        await self.client.authenticator.token()
        session = self.client.session
        assert session is not None
        return session

    async def whmcslogin(self, user: str, password: Secret, ttl: int = 3600) -> Session:
        return await self.client.authenticator.login_with_password(user, password, ttl)

    async def check_2fa(self, code: Secret) -> Session:
        """The 2FA code of a billing login (`auth/2fa_check`)."""
        return await self.client.authenticator.check_second_factor(code)

    async def info(self) -> AccountInfo:
        return account_info_from_json(await self._call("info"))

    async def logout(self) -> None:
        """End the session on invapi's side; best effort (the app is leaving anyway)."""
        if self.client.session is None:
            return
        try:
            await self._call("logout")
        except InvapiError:
            pass
        finally:
            self.client.authenticator.forget()
