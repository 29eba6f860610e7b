package io.compozy.standalone.cluster;

/**
 * One instance of a service: {@code workflow#2} to users, {@code workflow-2} in files and Kafka.
 */
public record InstanceName(ClusterService service, int number) {
  public InstanceName {
    if (number < 1) {
      throw new IllegalArgumentException("instance numbers start at 1, got " + number);
    }
  }

  /** {@code SERVICE#N}, as {@code bin/cluster kill workflow#2} takes it. */
  public static InstanceName parse(String text) {
    int hash = text.indexOf('#');
    if (hash < 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not SERVICE#N (for example workflow#2)");
    }
    ClusterService service = ClusterService.parse(text.substring(0, hash));
    int n;
    try {
      n = Integer.parseInt(text.substring(hash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not SERVICE#N: '" + text.substring(hash + 1) + "' is not a number");
    }
    return new InstanceName(service, n);
  }

  /** From {@link #id()}: {@code workflow-2}. */
  public static InstanceName fromId(String id) {
    int dash = id.lastIndexOf('-');
    if (dash < 0) {
      throw new IllegalArgumentException("'" + id + "' is not SERVICE-N");
    }
    return parse(id.substring(0, dash) + "#" + id.substring(dash + 1));
  }

  /** The name in files, logs and Kafka's static membership: {@code workflow-2}. */
  public String id() {
    return service.key() + "-" + number;
  }

  @Override
  public String toString() {
    return service.key() + "#" + number;
  }
}
