"""Campaign kinds, statuses and task states: value, Chinese label and colour in one
place, used by models, templates and the API."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """回访项目类型 (B1)."""

    REMINDER = "reminder", _("提醒回访")
    APPOINTMENT = "appointment", _("预约服务")
    SATISFACTION_SALE = "satisfaction_sale", _("售后满意度回访（购车）")
    SATISFACTION_SERVICE = "satisfaction_service", _("维修保养满意度回访")
    SATISFACTION_TICKET = "satisfaction_ticket", _("投诉处理满意度回访")
    POTENTIAL = "potential", _("潜在用户调研")
    DORMANT = "dormant", _("休眠用户关怀")
    HOLIDAY = "holiday", _("节日及生日关怀")
    ORDER_ARRIVAL = "order_arrival", _("订单到货提醒")
    PRODUCT_USAGE = "product_usage", _("产品使用情况回访")
    RETURN_EXCHANGE = "return_exchange", _("退换货跟踪回访")
    COMPLAINT_FOLLOWUP = "complaint_followup", _("投诉追踪回访")
    INBOUND_CALLBACK = "inbound_callback", _("来电回复")


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ACTIVE = "active", _("进行中")
    PAUSED = "paused", _("已暂停")
    FINISHED = "finished", _("已结束")


STATUS_COLOURS = {"draft": "grey", "active": "green", "paused": "orange", "finished": "blue"}


class TaskState(models.TextChoices):
    OPEN = "open", _("待呼叫")
    LEASED = "leased", _("通话中")
    CLOSED = "closed", _("已完成")


class Wait(models.TextChoices):
    """Why an open task is not callable now (C6)."""

    WINDOW = "window", _("不在呼叫时段")
    LUNCH = "lunch", _("午休时间")
    HOLIDAY = "holiday", _("休息日/节假日")
    RETRY_DELAY = "retry_delay", _("等待重拨间隔")
    APPOINTMENT = "appointment", _("预约时间未到")
    DAILY_LIMIT = "daily_limit", _("今日呼叫次数已满")
    NUMBER_LIMIT = "number_limit", _("该号码今日呼叫已满")
    FREQUENCY_CAP = "frequency_cap", _("近期回访过于频繁")
    DO_NOT_CALL = "do_not_call", _("客户拒访")
    MAX_ATTEMPTS = "max_attempts", _("尝试次数已用完")
    RESERVED = "reserved", _("预约留给其他坐席")


TRANSITIONS = {
    Status.DRAFT: {Status.ACTIVE},
    Status.ACTIVE: {Status.PAUSED, Status.FINISHED},
    Status.PAUSED: {Status.ACTIVE, Status.FINISHED},
    Status.FINISHED: set(),
}
