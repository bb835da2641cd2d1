#pragma once
// The public's trust in a branch's service (behaviour.public = trust; docs/MODEL.md §13.3).
// Trust T multiplies the branch's public demand; it starts at 1 and follows the satisfaction
// of the branch's served orders with a memory.

namespace orgsim::core {

struct TrustRule {
  double memory = 0.95;    // weight kept of the old trust at each served order
  double max = 1.25;       // trust (and so demand) stays within [0, max]
  double reference = 0.8;  // satisfaction at which trust tends to 1
};

// Where one service pulls trust: in proportion to its satisfaction g relative to the
// reference, min(max, g / ref) (1 at the reference, 0 when no one is satisfied). Linear, so
// the noise of one small service's vote does not bias trust up or down on average.
double trust_target(double satisfaction, const TrustRule& rule);

// T' = memory * T + (1 - memory) * trust_target(g).
double updated_trust(double trust, double satisfaction, const TrustRule& rule);

}  // namespace orgsim::core
