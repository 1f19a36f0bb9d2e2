"""Paging: the template tag `{% page_url n %}` (the current URL's query string, filters kept, with another page
number) and a paginator that stops counting at a cap.

The tag is registered as a template builtin in settings, so every paginated page links the same way and no view
has to rebuild its query string.
"""

from django import template
from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` results: "more than 1,000" rather than the exact number.

    Counting every match of a common word visits every matching row, which on a large directory costs more than
    finding the page itself; nobody pages through more than a thousand companies, so past the cap the count
    stops (`capped`), the pages end at the cap, and the page asks the reader to narrow the search.
    """

    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = settings.RESULT_COUNT_CAP if cap is None else cap

    @cached_property
    def _found(self) -> int:
        # Without the ordering: only how many rows there are up to the cap matters, not which ones.
        return self.object_list.order_by().values("pk")[:self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._found, self.cap)

    @cached_property
    def capped(self) -> bool:
        """Whether there are more results than counted."""
        return self._found > self.cap

    def get_page(self, number, *, head: QuerySet | None = None) -> Page:
        """Paginator.get_page; `head`, when given, holds the first rows of the same order (a text search's rows
        with every term in their name: companies.search.name_first). The page's ids are read from it first, and
        when it fills the page, the rows are the list's own rows of those ids; only a page it does not fill is
        read from the whole, ranked list."""
        if head is None:
            return super().get_page(number)
        try:
            number = self.validate_number(number)
        except PageNotAnInteger:
            number = 1
        except EmptyPage:
            number = self.num_pages
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:  # as Paginator.page: the last page takes the orphans
            top = self.count
        ids = list(head.values_list("pk", flat=True)[bottom:top]) if top > bottom else []
        if not ids or len(ids) < top - bottom:
            return self.page(number)
        by_id = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        if len(by_id) < len(ids):  # changed in between: read the page as usual
            return self.page(number)
        return self._get_page([by_id[pk] for pk in ids], number, self)
