"""Importing opportunities, reps and managers from a CRM export (CSV), driven by a mapping file.

Idempotent: deals are matched on their CRM id (external_ref) and updated; users on their name.
Rows that can't be imported are skipped with a reason, and the rest still go in."""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Optional

from sqlalchemy import select
from sqlmodel import Session

from storage import repo
from storage.models import Opportunity, StageChange, User

MAPPINGS = Path(__file__).with_name("mappings")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    users_created: int = 0
    valued: int = 0  # open deals valued from the price list
    unvalued: int = 0  # open deals with neither an amount nor a price for their product
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (CSV line, reason)
    warnings: list[str] = field(default_factory=list)


def load_mapping(name_or_path: str) -> dict[str, Any]:
    path = Path(name_or_path)
    if not path.exists():
        path = MAPPINGS / f"{name_or_path}.toml"
    if not path.exists():
        raise ValueError(f"no mapping {name_or_path!r}; shipped: "
                         + ", ".join(p.stem for p in MAPPINGS.glob("*.toml")))
    mapping = tomllib.loads(path.read_text(encoding="utf-8"))
    mapping["_dir"] = str(path.resolve().parent)
    return mapping


def _key(name: str) -> str:
    """Product names as a CRM admin would match them: case and spacing don't count
    ("GTXPro" is "GTX Pro")."""
    return "".join(name.split()).casefold()


def load_prices(mapping: dict[str, Any], beside: Path) -> Optional[dict[str, Decimal]]:
    """The [valuation] price list: product -> list price, or None when there is no file to read
    (the import goes on, unvalued, and says so). Its file is looked for beside the imported CSV,
    then beside the mapping."""
    spec = mapping.get("valuation")
    if not spec:
        return {}
    path = Path(spec["prices"])
    if not path.is_absolute():
        candidates = [beside / path, Path(mapping.get("_dir", ".")) / path]
        path = next((c for c in candidates if c.is_file()), candidates[0])
    if not path.is_file():
        return None
    prices: dict[str, Decimal] = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in (spec["key"], spec["price"]) if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path.name} has no column(s) {', '.join(missing)}; check [valuation]")
        for line, row in enumerate(reader, start=2):
            try:
                prices[_key(row[spec["key"]] or "")] = Decimal((row[spec["price"]] or "").strip())
            except InvalidOperation:
                raise ValueError(f"{path.name} line {line}: price {row[spec['price']]!r} is not a number") from None
    for alias, product in spec.get("aliases", {}).items():
        if _key(product) in prices:
            prices[_key(alias)] = prices[_key(product)]
    return prices


def _close_date(mapping: dict[str, Any], crm_stage: str, row: dict[str, str], created: Optional[date]) -> Optional[date]:
    """A stage's close date: the column [close_dates] names for that stage (the shared close_date
    column otherwise), or, for an open stage with none, the engage date plus its expected days."""
    per_stage = mapping.get("close_dates", {}).get(crm_stage, {})
    column = per_stage.get("column", mapping["columns"].get("close_date", ""))
    day = _day(row.get(column, "") or "")
    if day is None and created is not None and "days_after_created" in per_stage:
        day = created + timedelta(days=int(per_stage["days_after_created"]))
    return day


def _day(raw: str) -> Optional[date]:
    return date.fromisoformat(raw.strip()) if raw and raw.strip() else None


def _users(session: Session) -> dict[str, User]:
    return {u.name: u for u in session.exec(select(User)).scalars()}


def _user(session: Session, users: dict[str, User], name: str, role: str, now: datetime,
          report: ImportReport) -> User:
    user = users.get(name)
    if user is None:
        user = repo.add_user(session=session, name=name, now=now, role=role)
        users[name] = user
        report.users_created += 1
    elif role == "manager" and user.role == "rep":
        repo.set_role(session=session, user=user, role="manager")
    return user


def import_teams(session: Session, mapping: dict[str, Any], path: Path, now: datetime,
                 report: ImportReport) -> None:
    cols = mapping.get("teams", {"rep": "rep", "manager": "manager"})
    users = _users(session)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            rep_name, manager_name = (row.get(cols["rep"]) or "").strip(), (row.get(cols["manager"]) or "").strip()
            if not rep_name:
                continue
            manager = _user(session, users, manager_name, "manager", now, report) if manager_name else None
            rep = _user(session, users, rep_name, "rep", now, report)
            if manager is not None and rep.manager_id != manager.id:
                repo.set_manager(session=session, user=rep, manager_id=manager.id)
    session.flush()


def import_csv(session: Session, mapping: dict[str, Any], path: Path, now: datetime,
               teams: Optional[Path] = None) -> ImportReport:
    report = ImportReport()
    if teams is not None:
        import_teams(session, mapping, teams, now, report)
    cols, stages = mapping["columns"], mapping["stages"]
    naming = mapping.get("name", {"format": "{account}", "no_account": "(no account)"})
    currency = mapping.get("defaults", {}).get("currency")
    prices = load_prices(mapping, path.resolve().parent)
    valued_stages = set(mapping.get("valuation", {}).get("stages", ())) if prices is not None else set()
    if prices is None:
        report.warnings.append(f"no price list {mapping['valuation']['prices']} beside {path.name}: "
                               "open deals without an amount stay without one")
    users = _users(session)
    existing = {o.external_ref: o for o in session.exec(
        select(Opportunity).where(Opportunity.external_ref.is_not(None))).scalars()}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in cols.values() if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path.name} has no column(s) {', '.join(missing)}; check the mapping")
        for line, row in enumerate(reader, start=2):
            ref = (row[cols["external_ref"]] or "").strip()
            owner_name = (row[cols["owner"]] or "").strip()
            crm_stage = (row[cols["stage"]] or "").strip()
            if not ref:
                report.skipped.append((line, "no opportunity id"))
                continue
            if not owner_name:
                report.skipped.append((line, "no owner"))
                continue
            if crm_stage not in stages:
                report.skipped.append((line, f"unknown stage {crm_stage!r}"))
                continue
            try:
                amount_raw = (row.get(cols.get("amount", ""), "") or "").strip()
                amount = Decimal(amount_raw) if amount_raw else None
                created_day = _day(row.get(cols.get("created", ""), "") or "")
                close = _close_date(mapping, crm_stage, row, created_day)
            except (InvalidOperation, ValueError) as exc:
                report.skipped.append((line, f"bad value ({exc.__class__.__name__})"))
                continue
            account = (row.get(cols.get("account", ""), "") or "").strip() or None
            product = (row.get(cols.get("product", ""), "") or "").strip()
            if amount is None and crm_stage in valued_stages:
                amount = prices.get(_key(product))
                if amount is None:
                    report.unvalued += 1
                else:
                    report.valued += 1
            name = naming["format"].format(account=account or naming["no_account"], product=product)[:200]
            owner = _user(session, users, owner_name, "rep", now, report)
            stage = stages[crm_stage]
            created = datetime.combine(created_day, time(), tzinfo=timezone.utc) if created_day else now
            opp = existing.get(ref)
            if opp is None:
                opp = Opportunity(name=name, account=account, owner_id=owner.id, stage=stage,
                                  amount=amount, currency=currency if amount is not None else None,
                                  close_date=close, external_ref=ref, created_at=created, updated_at=created)
                session.add(opp)
                session.flush()
                session.add(StageChange(opportunity_id=opp.id, from_stage=None, to_stage=stage,
                                        author_id=None, channel="import", created_at=created))
                existing[ref] = opp
                report.created += 1
                continue
            changes = {"name": name, "account": account, "owner_id": owner.id, "amount": amount,
                       "close_date": close, "currency": currency if amount is not None else opp.currency}
            changed = [k for k, v in changes.items() if getattr(opp, k) != v]
            if opp.stage != stage:
                session.add(StageChange(opportunity_id=opp.id, from_stage=opp.stage, to_stage=stage,
                                        author_id=None, channel="import", created_at=now))
                opp.stage = stage
                changed.append("stage")
            if changed:
                for k, v in changes.items():
                    setattr(opp, k, v)
                opp.updated_at = now
                session.add(opp)
                report.updated += 1
            else:
                report.unchanged += 1
    return report
