package io.crvsbackup.influx;

import java.io.IOException;

/** The snapshotter's TCP port cannot be reached at all. The message says what to change. */
final class RpcUnreachableException extends IOException {
  private static final long serialVersionUID = 1L;

  RpcUnreachableException(String address, Throwable cause) {
    super("cannot connect to InfluxDB's backup/restore RPC port at " + address + " ("
        + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage())
        + "). influxd binds that port to 127.0.0.1 by default, so other containers cannot reach it:"
        + " OpenCRVS's influxdb.conf must set bind-address = \":8088\" at the top level (before any"
        + " [section]) and the influxdb service must be restarted; INFLUXDB_RPC_ADDRESS must name that host"
        + " and port", cause);
  }
}
