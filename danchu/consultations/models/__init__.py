from .consultation import Audience, Channel, Comment, CommentGroup, Consultation, Paragraph
from .front import CritiqueConference, FrontComment
from .opinion import Conversation, Participant, Statement, Vote
from .survey import Question, Questionnaire, ReceiptCode, Survey, SurveyAnswer, SurveyResponse

__all__ = [
    "Audience",
    "Channel",
    "Comment",
    "CommentGroup",
    "Consultation",
    "Conversation",
    "CritiqueConference",
    "FrontComment",
    "Paragraph",
    "Participant",
    "Question",
    "Questionnaire",
    "ReceiptCode",
    "Statement",
    "Survey",
    "SurveyAnswer",
    "SurveyResponse",
    "Vote",
]
