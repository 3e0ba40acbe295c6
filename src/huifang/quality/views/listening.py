"""The listening self-test 聆听小测试 (G4): being written."""

from django.http import Http404


def take(request):
    raise Http404


def result(request, pk):
    raise Http404
