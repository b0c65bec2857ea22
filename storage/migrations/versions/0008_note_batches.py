"""Activities and stakeholders recorded from a pasted note carry the note's batch, so its Undo
takes them back with the answers it filed.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('activity', 'stakeholder'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('batch', sa.String(length=40), nullable=True))
            batch_op.create_index(f'ix_{table}_batch', ['batch'], unique=False)


def downgrade() -> None:
    for table in ('activity', 'stakeholder'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f'ix_{table}_batch')
            batch_op.drop_column('batch')
