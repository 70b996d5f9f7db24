from django.apps import AppConfig


class ProbeConfig(AppConfig):
    name = "bench.probe"
    label = "bench_probe"
