//go:build tools

// Pins the InfluxDB 1.8 server that the integration tests run beside Debian's 1.6.
package tools

import _ "github.com/influxdata/influxdb/cmd/influxd"
