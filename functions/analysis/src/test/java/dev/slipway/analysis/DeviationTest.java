package dev.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The canary's state output carries a bounded number of deviations: the worst ones. */
class DeviationTest {

  private static List<Deviation> series(int n) {
    List<Deviation> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(Deviation.of("latency", Map.of("pod", "p-" + i), "Pass", 1.0 + i / 1000.0));
    }
    return all;
  }

  @Test
  void fewDeviations_shouldAllBeKept_inOrder() {
    List<Deviation> few = series(Deviation.IN_STATE);
    assertThat(Deviation.worst(few, Deviation.IN_STATE)).isEqualTo(few);
  }

  @Test
  void manySeries_shouldKeepTheFailingAndTheLargestChanges_inTheirOriginalOrder() {
    List<Deviation> all = series(600);
    all.set(7, Deviation.of("errors", Map.of("pod", "p-7"), "High", 3.0));
    all.set(300, Deviation.of("errors", Map.of("pod", "p-300"), "Nodata", null));

    List<Deviation> kept = Deviation.worst(all, Deviation.IN_STATE);

    assertThat(kept).hasSize(Deviation.IN_STATE);
    assertThat(kept.get(0).label()).isEqualTo("errors{pod=p-7}");
    assertThat(kept.get(1).label()).isEqualTo("errors{pod=p-300}");
    // then the eight largest Pass changes: the last series
    assertThat(kept.subList(2, 10))
        .extracting(Deviation::label)
        .containsExactly(
            "latency{pod=p-592}",
            "latency{pod=p-593}",
            "latency{pod=p-594}",
            "latency{pod=p-595}",
            "latency{pod=p-596}",
            "latency{pod=p-597}",
            "latency{pod=p-598}",
            "latency{pod=p-599}");
  }
}
