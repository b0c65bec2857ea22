"""What the coach says unasked (weekly digests, deal nudges), claimed once per cause; a user's
timezone and digest time; indexes for aggregating a pipeline and reading a week's stage moves.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('push',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('opportunity_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.Column('worker', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunity.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'kind', 'key', name='uq_push_user_kind_key')
    )
    with op.batch_alter_table('push', schema=None) as batch_op:
        batch_op.create_index('ix_push_user_kind_created', ['user_id', 'kind', 'created_at'], unique=False)
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.create_index('ix_opportunity_owner_value', ['owner_id', 'stage', 'currency', 'amount'], unique=False)
        batch_op.create_index('ix_opportunity_owner_close', ['owner_id', 'close_date', 'stage', 'currency', 'amount'],
                              unique=False)
        batch_op.create_index('ix_opportunity_owner_quiet', ['owner_id', 'stage', 'updated_at', 'amount', 'close_date'],
                              unique=False)
    with op.batch_alter_table('stage_history', schema=None) as batch_op:
        batch_op.create_index('ix_stage_history_created', ['created_at'], unique=False)
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('digest_at', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('stage_history', schema=None) as batch_op:
        batch_op.drop_index('ix_stage_history_created')
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.drop_index('ix_opportunity_owner_quiet')
        batch_op.drop_index('ix_opportunity_owner_close')
        batch_op.drop_index('ix_opportunity_owner_value')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('digest_at')
        batch_op.drop_column('timezone')
    op.drop_table('push')
