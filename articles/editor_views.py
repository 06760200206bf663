"""The markdownx endpoints, guarded: staff with permission to edit stories only, and bad input
answered with a 400 instead of a 500.

Pictures dropped into a body go through the one image pipeline (``images``): a refusal is a 400
whose ``error`` says what is wrong (shown beside the editor by ``static/js/body-pictures.js``), and
an accepted picture comes back as Markdown whose alt text the editor must write before saving."""

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.decorators import method_decorator
from django.views import View

from images.forms import BodyImageForm
from images.models import BodyImage

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
    http_method_names = ["post"]

    def post(self, request):
        form = BodyImageForm(request.POST, request.FILES)
        if not form.is_valid():
            messages = [message for errors in form.errors.values() for message in errors]
            return JsonResponse({"image_code": "", "error": " ".join(messages)}, status=400)
        picture = form.save(commit=False)
        picture.uploaded_by = request.user
        picture.save()
        BodyImage.objects.prune()
        # A paragraph of its own, so the picture is a figure rather than a word in a sentence.
        return JsonResponse({"image_code": f"\n\n{picture.markdown}\n\n"})
