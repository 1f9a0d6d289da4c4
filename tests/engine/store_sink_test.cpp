// engine/store_sink: outcomes of signals an earlier run left pending are decided by the next
// run's candles (resume_pending_outcomes), as evaluation::evaluate_outcome decides them on the
// same candles; a resumed signal whose next candle the new run never sees stays pending.
#include "engine/store_sink.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "evaluation/outcome.hpp"
#include "feed/candle_csv.hpp"
#include "strategy/signal_pipeline.hpp"
#include "support/csv_table.hpp"

namespace alphapulse::engine {
namespace {

class StoreSinkResume : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ap_store_sink_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    candles_ = feed::read_candle_file(test::sample_data("BTCUSDT_15m.csv")).candles;
    ASSERT_GT(candles_.size(), 1000u);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  store::SqliteStore open_journal() {
    auto opened = store::SqliteStore::open((dir_ / "journal.db").string());
    EXPECT_TRUE(opened.ok());
    auto journal = std::move(opened.value());
    EXPECT_TRUE(journal.migrate().ok());
    return journal;
  }

  // The first signal the pipeline emits after candle `from`, and its candle's index.
  std::pair<core::Signal, std::size_t> first_signal_after(std::size_t from) {
    strategy::SignalPipeline pipeline(core::Symbol("BTCUSDT"), core::Timeframe::k15m);
    for (std::size_t i = 0; i < candles_.size(); ++i) {
      const auto& d = pipeline.on_closed_candle(candles_[i]);
      if (i > from && d.emitted) return {d.signal, i};
    }
    ADD_FAILURE() << "no signal";
    return {};
  }

  std::filesystem::path dir_;
  std::vector<core::Candle> candles_;
  std::vector<feed::StreamSpec> streams_{{core::Symbol("BTCUSDT"), core::Timeframe::k15m}};
};

TEST_F(StoreSinkResume, APendingSignalOfAnEarlierRunIsDecidedByTheNextRunsCandles) {
  const auto [signal, at] = first_signal_after(600);
  {  // the earlier run: stored the signal, stopped before its outcome was known
    auto journal = open_journal();
    const core::Signal one[] = {signal};
    ASSERT_TRUE(journal.insert_signals(one).ok());
  }
  auto journal = open_journal();
  StoreSink sink(journal);
  const auto resumed = sink.resume_pending_outcomes(streams_);
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ(*resumed, 1u);
  const StreamRef ref{0, &streams_[0], 0};
  for (std::size_t i = at - 300; i < candles_.size(); ++i) {  // the warm-up history, then live
    sink.on_closed_candle(ref, candles_[i]);
    if (i % 50 == 0) sink.flush();
  }
  sink.flush();

  const auto expected =
      evaluation::evaluate_outcome(signal, std::span<const core::Candle>(candles_).subspan(at + 1));
  ASSERT_TRUE(expected.judged());
  const auto stored = journal.find_signal(signal.signal_id.view());
  ASSERT_TRUE(stored.ok());
  ASSERT_TRUE(stored->has_value());
  EXPECT_EQ((*stored)->outcome, expected.outcome);
  EXPECT_EQ(sink.outcomes_decided(), 1);
  EXPECT_EQ(sink.outcomes_unjudgeable(), 0u);
}

TEST_F(StoreSinkResume, WithoutItsNextCandleAResumedSignalStaysPending) {
  const auto [signal, at] = first_signal_after(600);
  {
    auto journal = open_journal();
    const core::Signal one[] = {signal};
    ASSERT_TRUE(journal.insert_signals(one).ok());
  }
  auto journal = open_journal();
  StoreSink sink(journal);
  ASSERT_TRUE(sink.resume_pending_outcomes(streams_).ok());
  const StreamRef ref{0, &streams_[0], 0};
  for (std::size_t i = at + 5; i < candles_.size(); ++i) sink.on_closed_candle(ref, candles_[i]);
  sink.flush();
  const auto stored = journal.find_signal(signal.signal_id.view());
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->outcome, core::SignalOutcome::kPending);
  EXPECT_EQ(sink.outcomes_unjudgeable(), 1u);
}

}  // namespace
}  // namespace alphapulse::engine
