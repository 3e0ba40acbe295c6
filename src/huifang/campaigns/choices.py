"""Campaign kinds, statuses and task states: value, Chinese label and colour in one
place, used by models, templates and the API."""

from django.db import models


class Kind(models.TextChoices):
    """回访项目类型 (B1)."""

    REMINDER = "reminder", "提醒回访"
    APPOINTMENT = "appointment", "预约服务"
    SATISFACTION_SALE = "satisfaction_sale", "售后满意度回访（购车）"
    SATISFACTION_SERVICE = "satisfaction_service", "维修保养满意度回访"
    SATISFACTION_TICKET = "satisfaction_ticket", "投诉处理满意度回访"
    POTENTIAL = "potential", "潜在用户调研"
    DORMANT = "dormant", "休眠用户关怀"
    HOLIDAY = "holiday", "节日及生日关怀"
    ORDER_ARRIVAL = "order_arrival", "订单到货提醒"
    PRODUCT_USAGE = "product_usage", "产品使用情况回访"
    RETURN_EXCHANGE = "return_exchange", "退换货跟踪回访"
    COMPLAINT_FOLLOWUP = "complaint_followup", "投诉追踪回访"


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    ACTIVE = "active", "进行中"
    PAUSED = "paused", "已暂停"
    FINISHED = "finished", "已结束"


STATUS_COLOURS = {"draft": "grey", "active": "green", "paused": "orange", "finished": "blue"}


class TaskState(models.TextChoices):
    OPEN = "open", "待呼叫"
    LEASED = "leased", "通话中"
    CLOSED = "closed", "已完成"


class Wait(models.TextChoices):
    """Why an open task is not callable now (C6)."""

    WINDOW = "window", "不在呼叫时段"
    LUNCH = "lunch", "午休时间"
    HOLIDAY = "holiday", "休息日/节假日"
    RETRY_DELAY = "retry_delay", "等待重拨间隔"
    APPOINTMENT = "appointment", "预约时间未到"
    DAILY_LIMIT = "daily_limit", "今日呼叫次数已满"
    NUMBER_LIMIT = "number_limit", "该号码今日呼叫已满"
    FREQUENCY_CAP = "frequency_cap", "近期回访过于频繁"
    DO_NOT_CALL = "do_not_call", "客户拒访"
    MAX_ATTEMPTS = "max_attempts", "尝试次数已用完"
    RESERVED = "reserved", "预约留给其他坐席"


TRANSITIONS = {
    Status.DRAFT: {Status.ACTIVE},
    Status.ACTIVE: {Status.PAUSED, Status.FINISHED},
    Status.PAUSED: {Status.ACTIVE, Status.FINISHED},
    Status.FINISHED: set(),
}
