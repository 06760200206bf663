"""The markdownx endpoints, guarded: staff with permission to edit stories only, and bad input
answered with a 400 instead of a 500."""

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.decorators import method_decorator
from django.views import View

from .markdown import markdownify

guarded = [staff_member_required, permission_required("articles.change_article", raise_exception=True)]


@method_decorator(guarded, name="dispatch")
class MarkdownifyView(View):
    http_method_names = ["post"]

    def post(self, request):
        content = request.POST.get("content")
        if content is None:
            return HttpResponseBadRequest("Send the Markdown as 'content'.")
        return HttpResponse(markdownify(content), content_type="text/html; charset=utf-8")


@method_decorator(guarded, name="dispatch")
class ImageUploadView(View):
    """Drag-and-drop uploads into the body are switched off: pictures go in the hero image field,
    which is validated, so the body never holds an image the newsroom has not checked."""

    http_method_names = ["post"]

    def post(self, request):
        return JsonResponse(
            {
                "image_code": "",
                "error": "Images are added with the hero image field, not dropped into the body.",
            },
            status=400,
        )
