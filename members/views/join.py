from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.shortcuts import redirect, render

from members.forms.join import JoinForm
from members.models import Membership, MembershipFees
from members.services import submit_application
from network_site.refusals import form_page_status, submitted


@verified_email_required
def join(request):
    """Apply for membership; someone who has applied sees where their application stands."""
    membership = (
        Membership.objects.select_related("local_authority", "organisation")
        .filter(user=request.user)
        .first()
    )
    if membership is not None and not membership.may_apply_again():
        return render(request, "members/join_status.html", {"membership": membership})

    if request.method == "POST":
        form = JoinForm(request.POST)
        if submitted(form, lambda data: submit_application(request.user, data)):
            messages.success(request, "Thank you: your application has been sent.")
            return redirect("members:join")
    else:
        form = JoinForm(
            initial={"first_name": request.user.first_name, "last_name": request.user.last_name}
        )
    fees = MembershipFees.load()
    organisation_fees = form.organisation_fees(fees)
    amounts = [fee for _, fee in organisation_fees]
    context = {
        "form": form,
        "categories": form.categories(fees),
        "organisation_fees": organisation_fees,
        "organisation_fee_range": (min(amounts), max(amounts)),
        # Applying again: the earlier application and how it ended.
        "earlier": membership,
        "earlier_decision": membership.decisions.first() if membership else None,
    }
    return render(request, "members/join.html", context, status=form_page_status(request))
