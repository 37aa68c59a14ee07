// The operations lint rules (docs/operations.md): public gateways without a rate limit, and
// retries into a rate limit that do not wait for the 429's Retry-After.

#include "lint_internal.h"

namespace archsim::model::detail {

void lintLinkOperations(const Link &l, size_t i, const LinkContext &ctx, Findings &out)
{
    const std::string name = l.id.empty() ? l.from + "->" + l.to : l.id;
    const std::string ptr = "/links/" + std::to_string(i);
    const auto fromKind = ComponentKind(ctx.fromKind);
    const bool toGateway = ctx.toKind == int(ComponentKind::Gateway);
    const bool fromOutside = ctx.fromKind >= 0 && (fromKind == ComponentKind::Client ||
                                                   fromKind == ComponentKind::LoadBalancer ||
                                                   fromKind == ComponentKind::Cdn);
    if (toGateway && fromOutside && !l.rate_limit && !ctx.toRateLimited)
        addFinding(out, RuleGatewayWithoutRateLimit, ptr, l.to,
                   "gateway " + l.to + " takes public traffic (from " + l.from +
                       ") without a rate limit: one abusive or buggy client can use up the "
                       "capacity every other client needs",
                   "set rate_limit on " + l.to + " (a token bucket per client: rate_rps a "
                   "little above a client's fair share, burst a few seconds of it)");
    const bool limited = l.rate_limit.has_value() || ctx.toRateLimited;
    if (limited && l.retries && l.retries->max > 0 && !l.retries->retry_after)
        addFinding(out, RuleRetryNotRateLimitAware, ptr, name,
                   "link " + name + " retries into a rate limit without honouring Retry-After: "
                   "a 429 is retried after the backoff alone, while the bucket is still empty, "
                   "and the retries themselves use up the tokens",
                   "set retries.retry_after: true (wait until the bucket has a token), or do "
                   "not retry 429s");
}

} // namespace archsim::model::detail
