"""danchu: grassroots democracy (quy chế dân chủ ở cơ sở) for Vietnam."""
