"""The snapshot history: board SVGs kept when an activity ends or when someone asks.

A table of its own (migration 0002) rather than records: see the migration for why.
"""
from dataclasses import asdict, dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

metadata = sa.MetaData()
snapshots = sa.Table(
    "snapshots", metadata,
    sa.Column("id", sa.String(), primary_key=True),
    sa.Column("workshop_id", sa.String(), nullable=False),
    sa.Column("board_id", sa.String(), nullable=False),
    sa.Column("board_title", sa.String(), nullable=False),
    sa.Column("board_type", sa.String(), nullable=False),
    sa.Column("activity", sa.String(), nullable=True),
    sa.Column("reason", sa.String(), nullable=False),
    sa.Column("seq", sa.Integer(), nullable=False),
    sa.Column("taken_at", sa.String(), nullable=False),
    sa.Column("taken_by", sa.String(), nullable=True),
    sa.Column("svg", sa.Text(), nullable=False),
)
FIELDS = ("id", "board_id", "board_title", "board_type", "activity", "reason", "seq", "taken_at", "taken_by")


@dataclass
class Snapshot:
    id: str
    workshop_id: str
    board_id: str
    board_title: str
    board_type: str
    activity: str | None
    reason: str  # activity_end | on_demand | restored
    seq: int
    taken_at: str
    taken_by: str | None
    svg: str

    def listing(self) -> dict:
        return {k: getattr(self, k) for k in FIELDS}

    def as_dict(self) -> dict:
        return asdict(self)


class SnapshotStore:
    def __init__(self, engine: AsyncEngine):
        self.engine = engine

    async def add(self, shots: list[Snapshot]) -> None:
        if not shots:
            return
        async with self.engine.begin() as conn:
            await conn.execute(snapshots.insert(), [s.as_dict() for s in shots])

    async def list(self, workshop_id: str, with_svg: bool = False) -> list[Snapshot]:
        columns = list(snapshots.c) if with_svg else [c for c in snapshots.c if c.name != "svg"]
        async with self.engine.connect() as conn:
            rows = await conn.execute(sa.select(*columns).where(snapshots.c.workshop_id == workshop_id)
                                      .order_by(snapshots.c.taken_at, snapshots.c.seq, snapshots.c.id))
            return [Snapshot(**{"svg": "", **row._mapping}) for row in rows]

    async def latest_per_board(self, workshop_id: str) -> dict[str, Snapshot]:
        """Each board's most recent snapshot (with its SVG), to tell whether a board changed since."""
        newest = sa.func.row_number().over(partition_by=snapshots.c.board_id,
                                           order_by=(snapshots.c.taken_at.desc(), snapshots.c.seq.desc(),
                                                     snapshots.c.id.desc())).label("newest")
        ranked = sa.select(*snapshots.c, newest).where(snapshots.c.workshop_id == workshop_id).subquery()
        async with self.engine.connect() as conn:
            rows = await conn.execute(sa.select(*[ranked.c[c.name] for c in snapshots.c]).where(ranked.c.newest == 1))
            return {row.board_id: Snapshot(**row._mapping) for row in rows}

    async def get(self, workshop_id: str, snapshot_id: str) -> Snapshot | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(sa.select(snapshots).where(snapshots.c.workshop_id == workshop_id,
                                                                 snapshots.c.id == snapshot_id))).first()
            return Snapshot(**row._mapping) if row else None

    async def replace(self, workshop_id: str, redrawn: "list[Snapshot]", dropped: "list[str]") -> None:
        """Pictures drawn again (their svg and title) and pictures dropped, in one transaction."""
        async with self.engine.begin() as conn:
            for shot in redrawn:
                await conn.execute(snapshots.update().where(snapshots.c.workshop_id == workshop_id,
                                                            snapshots.c.id == shot.id)
                                   .values(svg=shot.svg, board_title=shot.board_title))
            if dropped:
                await conn.execute(snapshots.delete().where(snapshots.c.workshop_id == workshop_id,
                                                            snapshots.c.id.in_(dropped)))

    async def drop_showing(self, workshop_id: str, shows) -> int:
        """Drop the workshop's pictures whose SVG `shows(svg)` says hold something erased; how many went."""
        dropped = [s.id for s in await self.list(workshop_id, with_svg=True) if shows(s.svg)]
        if dropped:
            async with self.engine.begin() as conn:
                await conn.execute(snapshots.delete().where(snapshots.c.workshop_id == workshop_id,
                                                            snapshots.c.id.in_(dropped)))
        return len(dropped)
