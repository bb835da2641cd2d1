#pragma once
// Erlang C: the M/M/c queue's waiting probability and mean wait. Used to check that the
// simulator's queues really queue (tests) and by planners to size service teams.

namespace orgsim::core {

// Probability that an arrival waits, for arrival rate lambda, service rate mu per server and
// c servers; requires lambda < c*mu (a stable queue).
double erlang_c_wait_probability(double lambda, double mu, int c);

// Mean time in queue (before service starts), same units as 1/lambda.
double erlang_c_mean_wait(double lambda, double mu, int c);

}  // namespace orgsim::core
