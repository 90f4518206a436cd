"""`pdns.php`: DNS domains, zones and records.

`add_dns` and `add_domain` create things with no idempotency key and are never retried; a
record is deleted only with its content, because a delete without content removes every record
of that type on the name.
"""

from __future__ import annotations

from hostkey_tui.api.resources.base import Resource
from hostkey_tui.api.transport import FieldValue
from hostkey_tui.models.dns import (
    MULTI_CONTENT_TYPES,
    DnsRecord,
    Domain,
    Zone,
    domains_from_json,
    zone_from_json,
)
from hostkey_tui.models.dns_zones import (
    Subdomain,
    ZoneEntry,
    ZoneSpec,
    subdomains_from_json,
    zones_from_json,
)
from hostkey_tui.models.errors import MalformedReply


class PdnsApi(Resource):
    resource = "pdns"

    async def list_domains(self) -> tuple[Domain, ...]:
        return domains_from_json(await self._call("list_domains"))

    async def view_zone(self, zone: str) -> Zone:
        return zone_from_json(await self._call("view_zone", {"params": {"zone": zone}}), zone)

    async def add_domain(self, name: str, server_id: int | None = None) -> int:
        reply = await self._obj("add_domain", {"params": {"name": name, "server_id": server_id}})
        domain_id = reply.obj("data").int("id")
        if domain_id is None:
            raise MalformedReply("no domain id in the reply", where="pdns/add_domain")
        return domain_id

    async def delete_domain(self, domain_id: int, zone: str) -> None:
        await self._call("delete_domain", {"params": {"id": domain_id, "zone": zone}})

    async def add_dns(
        self,
        zone: str,
        name: str,
        record_type: str,
        contents: list[str],
        *,
        ttl: int | None = None,
        priority: int | None = None,
        srv: tuple[int, int, str, str] | None = None,
        changetype: str | None = None,
        old_name: str | None = None,
        increase_soa_serial: bool | None = None,
    ) -> None:
        """Add (or, with `changetype="update"`, replace) a record set.

        Args:
            srv: (weight, port, target, proto) for SRV records.
            old_name: the name the set had, to rename it in this one call (HOSTKEY's MCP
                server, dns.ts, "old_name ... for renaming").
            increase_soa_serial: `params[increase_soa_serial]` 1 or 0 (S7; dns.ts maps its
                boolean to 1/0 the same way).
        """
        kind = record_type.upper()
        content: FieldValue = (
            contents if kind in MULTI_CONTENT_TYPES else (contents[0] if contents else "")
        )
        params: dict[str, FieldValue] = {
            "zone": zone,
            "name": name,
            "type": kind,
            "content": content,
            "ttl": ttl,
            "priority": priority,
            "changetype": changetype,
            "old_name": old_name,
            "increase_soa_serial": None
            if increase_soa_serial is None
            else int(increase_soa_serial),
        }
        if srv is not None:
            weight, port, target, proto = srv
            params.update({"weight": weight, "port": port, "target": target, "proto": proto})
            # `params[content]` is required for every type; an SRV record's content is its
            # "weight port target" as PowerDNS holds it, so either reading of the fields agrees.
            params["content"] = f"{weight} {port} {target}"
        await self._call("add_dns", {"params": params})

    async def delete_dns(self, zone: str, record: DnsRecord) -> None:
        """Delete exactly this record: its content is always sent.

        Raises:
            ValueError: a record without content (sending it would delete the whole set).
        """
        if not record.content.strip():
            raise ValueError("refusing to delete a record without its content")
        params: dict[str, FieldValue] = {
            "zone": zone,
            "name": record.relative_name(zone),
            "type": record.type,
            "content": [record.content],
            "priority": record.priority if record.type in ("MX", "SRV") else None,
        }
        await self._call("delete_dns", {"params": params})

    # -- zones and subdomains (HOSTKEY's MCP server, src/tools/dns.ts) ---------------------
    # dns.ts sends these fields flat; they go here as `params[...]`, as the documented pdns
    # methods and HOSTKEY's Terraform provider send theirs (beyond-the-docs.md §0).

    async def list_zones(self) -> tuple[ZoneEntry, ...]:
        return zones_from_json(await self._call("list_zones"))

    async def add_zone(self, spec: ZoneSpec) -> None:
        """A zone on HOSTKEY's PowerDNS servers. Not idempotent: never retried."""
        params: dict[str, FieldValue] = {
            "name": spec.name,
            "kind": spec.kind,
            "dnssec": spec.dnssec,
            "masters": list(spec.masters) or None,
            "dns": spec.soa() or None,
            "nameservers": list(spec.nameservers) or None,
        }
        await self._call("add_zone", {"params": params})

    async def delete_zone(self, zone: str) -> None:
        await self._call("delete_zone", {"params": {"zone": zone}})

    async def list_subdomains(self, server_id: int) -> tuple[Subdomain, ...]:
        return subdomains_from_json(
            await self._call("list_subdomains", {"params": {"server_id": server_id}})
        )

    async def add_subdomain(self, server_id: int, domain_id: int, name: str) -> None:
        params: dict[str, FieldValue] = {
            "server_id": server_id,
            "domain_id": domain_id,
            "name": name,
        }
        await self._call("add_subdomain", {"params": params})

    async def edit_subdomain(self, subdomain_id: int, server_id: int | None = None) -> None:
        """dns.ts's `edit_subdomain` takes the subdomain's id and (optionally) a server id:
        nothing else of a subdomain is shown to change."""
        await self._call("edit_subdomain", {"params": {"id": subdomain_id, "server_id": server_id}})

    async def delete_subdomain(self, server_id: int, subdomain_id: int) -> None:
        await self._call(
            "delete_subdomain", {"params": {"server_id": server_id, "id": subdomain_id}}
        )
