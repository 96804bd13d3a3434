package io.crvsbackup.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OwnContainerIdTest {
  private static final String ID = "9d095b49473f12ad82ebd3b15b2a91cc954c606b927240aa3931b9c6c5f7778f";
  private static final String OTHER = "1111111111111111111111111111111111111111111111111111111111111111";

  @Test
  void mountinfoNamesTheContainerWhateverTheDataRoot() {
    String mountinfo = String.join("\n",
        "67 50 0:60 / / rw,relatime - overlay overlay rw,lowerdir=...",
        // a bind mount of another container's folder (filebeat mounts /var/lib/docker/containers) is not us
        "80 67 254:0 /var/lib/docker/containers/" + OTHER + " /var/lib/docker/containers/x rw - ext4 /dev/vda rw",
        "84 67 254:0 /tmp/crvs-test-env/docker/root/containers/" + ID + "/resolv.conf /etc/resolv.conf rw - ext4 /dev/vda rw",
        "85 67 254:0 /tmp/crvs-test-env/docker/root/containers/" + ID + "/hostname /etc/hostname rw - ext4 /dev/vda rw",
        "86 67 254:0 /tmp/crvs-test-env/docker/root/containers/" + ID + "/hosts /etc/hosts rw - ext4 /dev/vda rw");
    assertThat(OwnContainerId.candidates(mountinfo, "0::/", "mongo1"))
        .containsExactly(new OwnContainerId.Candidate(ID, "/proc/self/mountinfo"));
  }

  @Test
  void cgroupV1AndSystemdScopesNameIt() {
    assertThat(OwnContainerId.candidates("", "4:memory:/docker/" + ID + "\n0::/docker/" + ID, ""))
        .containsExactly(new OwnContainerId.Candidate(ID, "/proc/self/cgroup"));
    assertThat(OwnContainerId.candidates("", "0::/system.slice/docker-" + ID + ".scope", ""))
        .containsExactly(new OwnContainerId.Candidate(ID, "/proc/self/cgroup"));
  }

  @Test
  void theHostnameIsTheLastResortAndOnlyWhenItLooksLikeAnId() {
    assertThat(OwnContainerId.candidates("", "0::/", "9d095b49473f\n"))
        .containsExactly(new OwnContainerId.Candidate("9d095b49473f", "hostname"));
    assertThat(OwnContainerId.candidates("", "0::/", "metricbeat-node1")).isEmpty();
    assertThat(OwnContainerId.candidates("", "0::/", "vm")).isEmpty();
    assertThat(new OwnContainerId.Candidate("9d095b49473f", "hostname").matches(ID)).isTrue();
    assertThat(new OwnContainerId.Candidate("9d095b49473f", "hostname").matches(OTHER)).isFalse();
  }

  @Test
  void aHostProcessHasNoCandidates() {
    assertThat(OwnContainerId.candidates("22 1 8:1 / / rw - ext4 /dev/sda1 rw",
        "4:memory:/process_api/7c38def7d977759be747a825425359e4\n0::/", "vm")).isEmpty();
  }
}
