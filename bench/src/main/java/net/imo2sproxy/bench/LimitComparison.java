package net.imo2sproxy.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each scenario of a deployment next to the same scenario on its limit deployment (the echo
 * server for log-ins and commands, the bare long-poll relay for chat and idle sessions): the
 * ratio of every figure, this deployment's over the limit's. A throughput ratio of 1 and
 * latency and CPU ratios of 1 mean the bridge costs nothing beyond what the machine and the
 * load generator cost at all.
 */
public final class LimitComparison {

  /** The limit deployment of a scenario: {@code echo} or {@code relay}. */
  public static String limitOf(String scenario) {
    return switch (scenario) {
      case "chat", "idle" -> "relay";
      default -> "echo";
    };
  }

  /** One scenario row, its limit row and their ratios (NaN where the limit's figure is 0). */
  public record Ratio(ScenarioResult real, ScenarioResult limit, double throughput, double p50,
      double p99, double serviceCpu, double loadgenCpu) {

    JsonObject toJson() {
      return new JsonObject().put("scenario", real.name()).put("deployment", real.deployment())
          .put("limit", limit.deployment()).put("throughput", round(throughput))
          .put("p50", round(p50)).put("p99", round(p99)).put("serviceCpuPerOp", round(serviceCpu))
          .put("loadgenCpuPerOp", round(loadgenCpu));
    }
  }

  private LimitComparison() {
  }

  /** {@code real / limit}, NaN when the limit is 0 or either is unknown. */
  public static double ratio(double real, double limit) {
    return limit > 0 && real >= 0 ? real / limit : Double.NaN;
  }

  /** CPU per operation of every process but the load generator, summed. */
  public static double serviceCpu(ScenarioResult r) {
    double sum = 0;
    for (Map.Entry<String, Double> e : r.cpuMicrosPerOp().entrySet()) {
      if (!e.getKey().equals("loadgen")) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  /** Pairs each row of {@code real} with the limit row of the same scenario name, in order. */
  public static List<Ratio> compare(List<ScenarioResult> real, List<ScenarioResult> limits) {
    List<Ratio> out = new ArrayList<>();
    for (ScenarioResult r : real) {
      for (ScenarioResult l : limits) {
        if (l.name().equals(r.name())) {
          out.add(of(r, l));
          break;
        }
      }
    }
    return out;
  }

  public static Ratio of(ScenarioResult r, ScenarioResult l) {
    return new Ratio(r, l, ratio(r.throughput(), l.throughput()),
        ratio(p(r, 50), p(l, 50)), ratio(p(r, 99), p(l, 99)),
        ratio(serviceCpu(r), serviceCpu(l)),
        ratio(r.cpuMicrosPerOp().getOrDefault("loadgen", -1.0),
            l.cpuMicrosPerOp().getOrDefault("loadgen", -1.0)));
  }

  private static double p(ScenarioResult r, double percentile) {
    return r.latency().count() == 0 ? -1 : r.latency().percentileMicros(percentile);
  }

  /** The limit row, the row and the ratio row of each scenario. */
  public static String table(List<Ratio> ratios) {
    StringBuilder sb = new StringBuilder();
    sb.append("ratio to the limit row (this deployment / limit; 1.00x = what the machine and the"
        + " generator allow)\n");
    sb.append(String.format(Locale.ROOT, "%-22s %-8s %10s %9s %9s %14s %14s%n", "scenario",
        "deploy", "ops/s", "p50 ms", "p99 ms", "services us/op", "loadgen us/op"));
    for (Ratio x : ratios) {
      row(sb, x.limit());
      row(sb, x.real());
      sb.append(String.format(Locale.ROOT, "%-22s %-8s %10s %9s %9s %14s %14s%n", x.real().name(),
          "ratio", times(x.throughput()), times(x.p50()), times(x.p99()), times(x.serviceCpu()),
          times(x.loadgenCpu())));
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, ScenarioResult r) {
    sb.append(String.format(Locale.ROOT, "%-22s %-8s %10.1f %9s %9s %14.1f %14s%n", r.name(),
        r.deployment(), r.throughput(), ms(p(r, 50)), ms(p(r, 99)), serviceCpu(r),
        r.cpuMicrosPerOp().containsKey("loadgen")
            ? String.format(Locale.ROOT, "%.1f", r.cpuMicrosPerOp().get("loadgen")) : "-"));
  }

  /** {@code 12.35x}, or {@code -} when unknown. */
  public static String times(double ratio) {
    return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
  }

  private static String ms(double micros) {
    return micros < 0 ? "-" : String.format(Locale.ROOT, "%.3f", micros / 1000);
  }

  public static JsonArray json(List<Ratio> ratios) {
    JsonArray out = new JsonArray();
    ratios.forEach(r -> out.add(r.toJson()));
    return out;
  }

  private static Double round(double v) {
    return Double.isNaN(v) ? null : Math.round(v * 1000) / 1000.0;
  }
}
