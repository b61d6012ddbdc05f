package io.sluice.streaming.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateEstimatorTest {

  @Test
  void leavesAStreamThatKeepsUpUnlimited() {
    RateEstimator estimator = new RateEstimator(1000, 100);
    assertThat(estimator.update(5_000, 300, 0)).isEqualTo(-1);
  }

  @Test
  void slowsDownToTheProcessingRateWhenBatchesLag() {
    RateEstimator estimator = new RateEstimator(1000, 100);
    long rate = estimator.update(200_000, 4_000, 0); // 50 000 records/s sustainable
    assertThat(rate).isEqualTo(50_000);
    long drained = estimator.update(50_000, 1_000, 2_000); // at pace, but 2 s behind
    assertThat(drained).isLessThan(50_000).isGreaterThanOrEqualTo(100);
  }

  @Test
  void aLimitedStreamThatKeepsUpSpeedsUpAgainInsteadOfStarving() {
    RateEstimator estimator = new RateEstimator(1000, 100);
    estimator.update(1_000, 2_000, 1_000); // a slow first batch: 500/s
    long rate = 0;
    for (int i = 0; i < 20; i++) {
      rate = estimator.update(500, 300, 0); // fixed per-batch cost, plenty of headroom
    }
    assertThat(rate).isGreaterThan(20_000);
  }
}
