import sys
import time

from django.core.management import call_command

from huifang.commands import HuifangCommand
from huifang.demo import data
from huifang.serving import serve


class Command(HuifangCommand):
    help = "Start huifang with demo data (created once in HUIFANG_HOME)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-serve", action="store_true", help="prepare the data and stop")

    def run(self, port, host, no_serve, **_):
        from django.conf import settings

        started = time.monotonic()
        call_command("migrate", verbosity=0, interactive=False)
        if data.already_loaded():
            self.say("演示数据已存在，直接启动。")
        else:
            self.say("正在生成演示数据……")
            made = data.load()
            for name, n in made["tasks"].items():
                self.say(f"  {name}: {n} 个回访任务")
            self.say(f"  已结束项目的通话转写: {made['transcripts']} 通（已自动质检）")
            self.say(f"  投诉工单: {made['tickets']} 张（各个状态都有，部分已超时）")
        url = f"http://{host}:{port}/"
        self.say("")
        self.say(f"huifang 演示系统: {url}   (数据目录 {settings.HOME})")
        self.say(f"账号（密码均为 {data.PASSWORD}）:")
        width = max(len(u[0]) for u in data.USERS) + 2
        for username, role, _, name in data.USERS:
            self.say(f"  {username:<{width}} {role:<11} {name}")
        self.say(f"准备用时 {time.monotonic() - started:.1f} 秒")
        sys.stdout.flush()
        if not no_serve:
            serve(host, port, workers=2)
        return {"url": url, "users": [u[0] for u in data.USERS], "password": data.PASSWORD}
