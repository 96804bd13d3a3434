package io.crvsbackup.influx;

import io.crvsbackup.env.TestEnv;

/** The round trips against the influxd of scripts/test-env (Debian's 1.6.7). */
class InfluxRoundTripIT extends RoundTripContract {
  @Override
  String url() {
    return TestEnv.require("INFLUXDB_URL");
  }

  @Override
  String rpc() {
    return TestEnv.require("INFLUXDB_RPC_ADDRESS");
  }

  @Override
  String influxd() {
    return TestEnv.require("INFLUXD");
  }
}
