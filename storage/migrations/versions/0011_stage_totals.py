"""Deals and amounts per owner, stage and currency, kept in step with the deals
(storage/rollup.py), so a pipeline's SQL does not grow with a team's history; filled from the
deals already there. An index for the first few overdue deals per rep and open stage.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('stage_total',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=40), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('deals', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=20, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('owner_id', 'stage', 'currency', name='uq_stage_total')
    )
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.create_index('ix_opportunity_owner_stage_close', ['owner_id', 'stage', 'close_date'], unique=False)
    op.execute("INSERT INTO stage_total (owner_id, stage, currency, deals, amount) "
               "SELECT owner_id, stage, COALESCE(currency, ''), COUNT(*), COALESCE(SUM(amount), 0) "
               "FROM opportunity GROUP BY owner_id, stage, COALESCE(currency, '')")


def downgrade() -> None:
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.drop_index('ix_opportunity_owner_stage_close')
    op.drop_table('stage_total')
