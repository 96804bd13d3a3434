package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Commands for the backup server's shell are quoted, and their output is parsed strictly. */
class RemoteShellTest {
  @Test
  void quotingKeepsEveryPathOneArgument() {
    assertThat(RemoteShell.quote("/srv/it's here")).isEqualTo("'/srv/it'\\''s here'");
    assertThat(RemoteShell.sha256sum(List.of("/a b", "/c;rm -rf /")))
        .isEqualTo("sha256sum -- '/a b' '/c;rm -rf /'");
    assertThat(RemoteShell.df("/x$(id)")).isEqualTo("df -Pk '/x$(id)'");
  }

  @Test
  void sha256sumOutputIsMatchedToEveryPath() throws Exception {
    String a = "a".repeat(64);
    String b = "b".repeat(64);

    assertThat(RemoteShell.parseSha256sum(a + "  /x/1\n" + b + "  /x/two words\n", List.of("/x/1", "/x/two words")))
        .containsEntry("/x/1", a).containsEntry("/x/two words", b);
    assertThatThrownBy(() -> RemoteShell.parseSha256sum(a + "  /x/1\n", List.of("/x/1", "/x/2")))
        .hasMessageContaining("no hash for /x/2");
  }

  @Test
  void dfGivesTheAvailableBytes() {
    String out = "Filesystem     1024-blocks  Used Available Capacity Mounted on\n"
        + "tmpfs                 1024     4      1020       1% /srv/backups\n";

    assertThat(RemoteShell.parseDf(out)).hasValue(1020L * 1024);
    assertThat(RemoteShell.parseDf("garbage")).isEmpty();
  }
}
