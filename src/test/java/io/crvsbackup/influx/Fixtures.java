package io.crvsbackup.influx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Real {@code influxd backup -portable -db crvs_fixture} output, base64, from clean servers: database
 * {@code crvs_fixture}, two points a week apart (two shards), fields of every type, a continuous query
 * {@code cq_daily}. Made with:
 *
 * <pre>
 * CREATE DATABASE "crvs_fixture"
 * registrations,event=birth,office=Ibombo count=3i,age=12.5,name="Ama \"K\"",late=true 1764115200
 * registrations,event=death,office=Ilanga count=1i,age=80.25,name="Bo",late=false 1764720000
 * CREATE CONTINUOUS QUERY "cq_daily" ON "crvs_fixture" BEGIN SELECT sum("count") INTO "daily" FROM
 *   "registrations" GROUP BY time(1d) END
 * influxd backup -portable -host ... -db crvs_fixture DIR
 * </pre>
 */
final class Fixtures {
  /** influxd 1.6.7~rc0 (Debian). */
  static final Map<String, String> INFLUXD_1_6_7 = files(
      "20261126T033650Z.manifest",
      "ewogICJtZXRhIjogewogICAgImZpbGVOYW1lIjogIjIwMjYxMTI2VDAzMzY1MFoubWV0YSIsCiAgICAic2l6ZSI6IDMxMgog"
            + "IH0sCiAgImxpbWl0ZWQiOiBmYWxzZSwKICAiZmlsZXMiOiBbCiAgICB7CiAgICAgICJkYXRhYmFzZSI6ICJjcnZzX2ZpeHR1"
            + "cmUiLAogICAgICAicG9saWN5IjogImF1dG9nZW4iLAogICAgICAic2hhcmRJRCI6IDEsCiAgICAgICJmaWxlTmFtZSI6ICIy"
            + "MDI2MTEyNlQwMzM2NTBaLnMxLnRhci5neiIsCiAgICAgICJzaXplIjogMjA0OCwKICAgICAgImxhc3RNb2RpZmllZCI6IDAK"
            + "ICAgIH0sCiAgICB7CiAgICAgICJkYXRhYmFzZSI6ICJjcnZzX2ZpeHR1cmUiLAogICAgICAicG9saWN5IjogImF1dG9nZW4i"
            + "LAogICAgICAic2hhcmRJRCI6IDIsCiAgICAgICJmaWxlTmFtZSI6ICIyMDI2MTEyNlQwMzM2NTBaLnMyLnRhci5neiIsCiAg"
            + "ICAgICJzaXplIjogMjA0OCwKICAgICAgImxhc3RNb2RpZmllZCI6IDAKICAgIH0KICBdCn0=",
      "20261126T033650Z.meta",
      "CrgCCAAQBRiEvILo0Yr++g8qoQIKDGNydnNfZml4dHVyZRIHYXV0b2dlbhpSCgdhdXRvZ2VuEAAYgICkyf/BiQEgASocCAEQ"
            + "gICA4sWIsr0YGICApKvFyru+GCAAKgIIASocCAIQgICkq8XKu74YGICAyPTEjMW/GCAAKgIIAiKzAQoIY3FfZGFpbHkSpgFD"
            + "UkVBVEUgQ09OVElOVU9VUyBRVUVSWSBjcV9kYWlseSBPTiBjcnZzX2ZpeHR1cmUgQkVHSU4gU0VMRUNUIHN1bShjb3VudCkg"
            + "SU5UTyBjcnZzX2ZpeHR1cmUuYXV0b2dlbi5kYWlseSBGUk9NIGNydnNfZml4dHVyZS5hdXRvZ2VuLnJlZ2lzdHJhdGlvbnMg"
            + "R1JPVVAgQlkgdGltZSgxZCkgRU5EOABAAkgCEAA=",
      "20261126T033650Z.s1.tar.gz",
      "H4sICAAJbogA/zIwMjYxMTI2VDAzMzY1MFouczEudGFyAOyPMUvDQBiG37SodROHUrRDbAcRanNJ2upS1FGcnDrKJVxi0OTg"
            + "cimCUFyc/CEu/g1/QGfBX+AqQidREzkqQaIIDnmW78v75nvgXDGOT7zgQiaCGTSR3GeRYRokxdz+3LoyDvEj3u4HvR5S0/wk"
            + "g4ENs28Tc8fq9S0bxCLEtqETVfJXJLGkAoQIzqUSf+G7fu5RavWfqU/rU+1u5N5gudm4ZOHkEVjZ3/oo719m+vui157bD5ry"
            + "R3q9eG3NbitKrl2N1p92q0pSay4dhFRvHbXQFcwPYimoDHgUd9iYRXLoBEKedrjnBS4bHjo8dHh7Y9KmPgO0zJLNlAUALZAC"
            + "OpcnkdRyhZsAGjAKCM+pZJVc3x6A1UK+iIasmus7BrCWfpxlYUlJScmveAUAAP//AwAHVOA9AAgAAA==",
      "20261126T033650Z.s2.tar.gz",
      "H4sICAAJbogA/zIwMjYxMTI2VDAzMzY1MFouczIudGFyAOyPP0v7QBzGn6SU38+tCJYiDtUOLrW5pkkEofhncxLBXY54iYH2"
            + "Di6X0qWCrr4bR8FRHKWLfSXi4CKVRI5KkCiCQz7L9+557vuB8+UoPg2isUoks2iiRMi4ZVskpbv1ceqoeIhvMd/3HAepaXES"
            + "z/XQdXuku207rt0DsQnpeWgSXfJbJLGiEoRIIZQWf+KrfuFTevWXqU/rU+N1th9iaa0xuZ6M/wG1vZPae3v/8nw1n2jeXj4+"
            + "GNqLdNu821k9MrXcwNNNdVbRksp/80CgI1kYxUpSFQket9mIcdU/Y1Sdt0UQRD7rHw4oD2lr/aJFQwYYmSCbKVUAGyAFdL5I"
            + "uDJyhZsAGrAKCAdUMTPXtwtguZCP0yGr5PqOAayklyALS0pKSn7OGwAAAP//AwDkvIY2AAgAAA==");

  /** influxd 1.8.10 (built from the Go module proxy). */
  static final Map<String, String> INFLUXD_1_8_10 = files(
      "20261126T033650Z.manifest",
      "ewogICJtZXRhIjogewogICAgImZpbGVOYW1lIjogIjIwMjYxMTI2VDAzMzY1MFoubWV0YSIsCiAgICAic2l6ZSI6IDMxMgog"
            + "IH0sCiAgImxpbWl0ZWQiOiBmYWxzZSwKICAiZmlsZXMiOiBbCiAgICB7CiAgICAgICJkYXRhYmFzZSI6ICJjcnZzX2ZpeHR1"
            + "cmUiLAogICAgICAicG9saWN5IjogImF1dG9nZW4iLAogICAgICAic2hhcmRJRCI6IDExLAogICAgICAiZmlsZU5hbWUiOiAi"
            + "MjAyNjExMjZUMDMzNjUwWi5zMTEudGFyLmd6IiwKICAgICAgInNpemUiOiAyMDQ4LAogICAgICAibGFzdE1vZGlmaWVkIjog"
            + "MAogICAgfSwKICAgIHsKICAgICAgImRhdGFiYXNlIjogImNydnNfZml4dHVyZSIsCiAgICAgICJwb2xpY3kiOiAiYXV0b2dl"
            + "biIsCiAgICAgICJzaGFyZElEIjogMTIsCiAgICAgICJmaWxlTmFtZSI6ICIyMDI2MTEyNlQwMzM2NTBaLnMxMi50YXIuZ3oi"
            + "LAogICAgICAic2l6ZSI6IDIwNDgsCiAgICAgICJsYXN0TW9kaWZpZWQiOiAwCiAgICB9CiAgXQp9",
      "20261126T033650Z.meta",
      "CrgCCAAQERj22ruR2r6c7TsqoQIKDGNydnNfZml4dHVyZRIHYXV0b2dlbhpSCgdhdXRvZ2VuEAAYgICkyf/BiQEgASocCAsQ"
            + "gICA4sWIsr0YGICApKvFyru+GCAAKgIICyocCAwQgICkq8XKu74YGICAyPTEjMW/GCAAKgIIDCKzAQoIY3FfZGFpbHkSpgFD"
            + "UkVBVEUgQ09OVElOVU9VUyBRVUVSWSBjcV9kYWlseSBPTiBjcnZzX2ZpeHR1cmUgQkVHSU4gU0VMRUNUIHN1bShjb3VudCkg"
            + "SU5UTyBjcnZzX2ZpeHR1cmUuYXV0b2dlbi5kYWlseSBGUk9NIGNydnNfZml4dHVyZS5hdXRvZ2VuLnJlZ2lzdHJhdGlvbnMg"
            + "R1JPVVAgQlkgdGltZSgxZCkgRU5EOABADEgMEAA=",
      "20261126T033650Z.s11.tar.gz",
      "H4sICAAJbogA/zIwMjYxMTI2VDAzMzY1MFouczExLnRhcgDskDFL+0AYxp+0/P/WTRxK0Q6xHUSozV2aVpeijuLk1FGu4RKD"
            + "JgeXSxGE4uLkB3Hxa/gBOgt+AlcROol6lVBIJXVxyLO8L++b95d7HleO4jMvuFKJ5BZLlPB5ZFFqES26+921VRxiGX1c9xwH"
            + "GjRfSa/XAe12CN2zna7dAbEJpQ5MsszP8t4ksWIShEgh1KLbn/bz5hax/tCuOqlOjIeBe4fVeu2ah+NnYO1w5+uFj29T87Mx"
            + "K6/NJyP1hXbw/9ae3pdSc+NmsPmyX05NKvWVo5CZjZMG2pL7QawkU4GI4hYf8Uj1h4FU5y3heYHL+8dDEQ5Fc2vcZD4HjBll"
            + "VrX+AWiA5MC5IomUkQncBlCDlQN4yRQvZfIOAKzn4kUs5OVM3imADW3+QtdCRQJFAkUCv0vgHQAA//8BAAD//2xD7LwACAAA",
      "20261126T033650Z.s12.tar.gz",
      "H4sICAAJbogA/zIwMjYxMTI2VDAzMzY1MFouczEyLnRhcgDskD9Lw0AYxp+kFHUrgqWIQ7WDS23u0n8gFP9sTiK4yxEvMdDe"
            + "weVSulTQ1W/jKDiKo3Sxn0QcXMRySiikkuLgkGd5X9437y/3PJ4aRhd+ONKx4g6LtQy4cKjrECO699M1dDTAMvq67rRaMKD5"
            + "SjrtDmi7SWjXbbXdJohLKO2iSpb5WdabONJMgRAlpV50+9t+3twi1j/alSflifUxPQqwtlUZ341HK0Dp8Lw0e+LT+9vtrKk+"
            + "3Lw8W4kvjAP7cX/z1E7MLbzeF6eFxKSwah9LNBQPwkgrpkMpojofcqF7l5zpq7r0/dDjvZM+EwGrbV/XWMABq2IA3yCjIoAd"
            + "kAw4T8ZCW0gD7gKowMkA7DPN7VTeAYD1TDzBBryQyjsDsGHM+6bmyhPIE8gT+IMEPgEAAP//AQAA///SHZhKAAgAAA==");

  private Fixtures() {}

  /** Writes a fixture's files into {@code dir}. */
  static Path write(Map<String, String> fixture, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, String> e : fixture.entrySet()) {
      Files.write(dir.resolve(e.getKey()), bytes(fixture, e.getKey()));
    }
    return dir;
  }

  static byte[] bytes(Map<String, String> fixture, String name) {
    return Base64.getDecoder().decode(fixture.get(name));
  }

  /** The file whose name ends with {@code suffix}. */
  static String name(Map<String, String> fixture, String suffix) {
    return fixture.keySet().stream().filter(n -> n.endsWith(suffix)).findFirst().orElseThrow();
  }

  private static Map<String, String> files(String... nameAndBase64) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < nameAndBase64.length; i += 2) {
      m.put(nameAndBase64[i], nameAndBase64[i + 1]);
    }
    return m;
  }
}
