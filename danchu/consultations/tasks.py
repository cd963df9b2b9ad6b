from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task()
def compute_map(conversation_id: int) -> None:
    """Compute the opinion groups of a conversation (PCA, k-means, repness) in the background."""
    from .models import Conversation
    from .services.opinions import map_compute

    conv = Conversation.objects.filter(pk=conversation_id).first()
    if conv is not None:
        map_compute(conversation=conv)
