// CacheBudget::mustWait, the push consumer's per-pull budget decision, with
// N queues joined (the argument), in its three cases: over budget (one
// atomic load), a queue below its share under budget (two loads), and a
// queue at its share under budget, which reads the clock, takes the mutex
// and sums the reservation over the N queues (half of them active below
// their share, the sum never enough to stop early: the worst case).
#include <benchmark/benchmark.h>

#include <vector>

#include "client/consumer/cache_budget.h"

namespace apogee::client {
namespace {

constexpr std::int64_t kBudget = 256LL * 1024 * 1024;

struct Budget {
  explicit Budget(int queues) : budget(kBudget), accounts(queues) {
    for (auto& a : accounts) budget.join(a);
  }
  ~Budget() {
    for (auto& a : accounts) budget.leave(a);
  }
  CacheBudget budget;
  std::vector<CacheBudget::Account> accounts;
};

void BM_CacheBudgetOverBudget(benchmark::State& state) {
  Budget b(static_cast<int>(state.range(0)));
  b.budget.add(b.accounts[0], kBudget + 1);
  for (auto _ : state) benchmark::DoNotOptimize(b.budget.mustWait(1));
}
BENCHMARK(BM_CacheBudgetOverBudget)->Arg(16)->Arg(1024);

void BM_CacheBudgetBelowShare(benchmark::State& state) {
  Budget b(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(b.budget.mustWait(1));
}
BENCHMARK(BM_CacheBudgetBelowShare)->Arg(16)->Arg(1024);

void BM_CacheBudgetAtShare(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  Budget b(n);
  const std::int64_t share = b.budget.share();
  for (int q = 0; q < n; q += 2) b.budget.add(b.accounts[q], share / 4);
  for (auto _ : state) benchmark::DoNotOptimize(b.budget.mustWait(share));
}
BENCHMARK(BM_CacheBudgetAtShare)->Arg(16)->Arg(256)->Arg(1024);

}  // namespace
}  // namespace apogee::client
