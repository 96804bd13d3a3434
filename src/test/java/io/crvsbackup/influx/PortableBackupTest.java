package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortableBackupTest {
  @TempDir Path dir;

  @Test
  void opensARealBackupFolder() throws Exception {
    Fixtures.write(Fixtures.INFLUXD_1_8_10, dir);
    PortableBackup b = PortableBackup.open(dir);
    assertThat(b.metaFile()).isEqualTo("20261126T033650Z.meta");
    assertThat(b.metaSize()).isEqualTo(312);
    assertThat(b.databases()).containsExactly("crvs_fixture");
    assertThat(b.shards()).extracting(PortableManifest.Entry::shardId).containsExactly(11L, 12L);
    assertThat(b.files()).hasSize(4).allMatch(Files::isRegularFile);
  }

  @Test
  void mergesIncrementalManifestsAsInfluxdRestoreDoes() throws Exception {
    write("20261125T000000Z.manifest", "20261125T000000Z.meta",
        entry(1, "20261125T000000Z.s1.tar.gz", 5), entry(2, "20261125T000000Z.s2.tar.gz", 0));
    write("20261126T000000Z.manifest", "20261126T000000Z.meta",
        entry(2, "20261126T000000Z.s2.tar.gz", 9), entry(1, "20261126T000000Z.s1.tar.gz", 1));
    PortableBackup b = PortableBackup.open(dir);
    assertThat(b.metaFile()).isEqualTo("20261126T000000Z.meta");
    assertThat(b.shards()).extracting(PortableManifest.Entry::fileName)
        .containsExactly("20261126T000000Z.s2.tar.gz", "20261125T000000Z.s1.tar.gz");
  }

  @Test
  void namesALegacyBackupAsIncompatible() throws Exception {
    Files.write(dir.resolve("meta.00"), new byte[8]);
    Files.write(dir.resolve("ocrvs.autogen.00001.00"), new byte[8]);
    assertThatThrownBy(() -> PortableBackup.open(dir))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("holds a legacy InfluxDB backup")
        .hasMessageContaining("an incompatible format");
  }

  @Test
  void namesAnInfluxDb2BackupAsIncompatible() throws Exception {
    Files.write(dir.resolve("20201001T000000Z.bolt.gz"), new byte[8]);
    assertThatThrownBy(() -> PortableBackup.open(dir))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("holds an InfluxDB 2.x backup (.bolt/.sqlite files), an incompatible version");
  }

  @Test
  void saysWhenThereIsNothingOrNoFolder() throws Exception {
    assertThatThrownBy(() -> PortableBackup.open(dir))
        .isInstanceOf(FormatException.class)
        .hasMessageEndingWith("holds no *.manifest file, so it is no influxd backup -portable folder (it is empty)");
    assertThatThrownBy(() -> PortableBackup.open(dir.resolve("gone"))).isInstanceOf(NoSuchFileException.class);
  }

  private void write(String manifest, String meta, PortableManifest.Entry... entries) throws Exception {
    Files.write(dir.resolve(manifest), new PortableManifest(meta, 1, false, List.of(entries)).encode());
  }

  private static PortableManifest.Entry entry(long id, String file, long lastModified) {
    return new PortableManifest.Entry("ocrvs", "autogen", id, file, 2048, lastModified);
  }
}
