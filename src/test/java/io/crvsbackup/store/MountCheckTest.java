package io.crvsbackup.store;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 8, "/data/backups not mounted": decided from the mount table, as a container sees it. */
class MountCheckTest {
  // A container of the sidecar image with the host's backup folder bind-mounted (from a real container).
  private static final String MOUNTED = """
      1406 1318 0:152 / / rw,relatime master:1 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/X
      1407 1406 0:155 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw
      1412 1406 253:1 /data/backups /data/backups rw,relatime - ext4 /dev/vda1 rw
      1413 1406 253:1 /var/lib/docker/containers/abc/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/vda1 rw
      1419 1406 0:26 /docker.sock /run/docker.sock rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw
      """;
  // The same container without the bind mount: /data/backups is on the container's own layer.
  private static final String UNMOUNTED = """
      1406 1318 0:152 / / rw,relatime master:1 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/X
      1407 1406 0:155 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw
      1413 1406 253:1 /var/lib/docker/containers/abc/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/vda1 rw
      1420 1406 253:1 /srv/data /data/backups-old rw,relatime - ext4 /dev/vda1 rw
      """;

  @Test
  void aBindMountedBackupDirIsAccepted() {
    assertThatCode(() -> MountCheck.requireMounted(Path.of("/data/backups"), Optional.of(MOUNTED)))
        .doesNotThrowAnyException();
    // a folder below the mount is on the mount too
    assertThatCode(() -> MountCheck.requireMounted(Path.of("/data/backups/site-a"), Optional.of(MOUNTED)))
        .doesNotThrowAnyException();
  }

  @Test
  void aBackupDirOnTheContainersOwnLayerIsRefusedWithWhatToDo() {
    assertThatThrownBy(() -> MountCheck.requireMounted(Path.of("/data/backups"), Optional.of(UNMOUNTED)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("BACKUP_DIR /data/backups is not a mounted folder")
        .hasMessageContaining("container's own filesystem")
        .hasMessageContaining("/data/backups:/data/backups");
  }

  @Test
  void aSiblingWhosePathOnlySharesAPrefixIsNotItsMount() {
    // /data/backups-old is mounted, /data/backups is not: a string prefix is not a path prefix
    assertThat(MountCheck.mountOf(Path.of("/data/backups"), MountCheck.mountPoints(UNMOUNTED))).isEqualTo("/");
    assertThat(MountCheck.mountOf(Path.of("/data/backups-old/x"), MountCheck.mountPoints(UNMOUNTED)))
        .isEqualTo("/data/backups-old");
  }

  @Test
  void escapedMountPointsAreUnderstood() {
    String table = "36 35 98:0 /mnt1 /mnt/backup\\040folder rw,noatime - ext3 /dev/root rw\n";
    assertThat(MountCheck.mountPoints(table)).isEqualTo(List.of("/mnt/backup folder"));
    assertThatCode(() -> MountCheck.requireMounted(Path.of("/mnt/backup folder/x"), Optional.of(table)))
        .doesNotThrowAnyException();
  }

  @Test
  void withoutAMountTableNothingIsRefused() {
    assertThatCode(() -> MountCheck.requireMounted(Path.of("/data/backups"), Optional.empty()))
        .doesNotThrowAnyException();
  }
}
