# crvs-backup: the backup/restore sidecar of an OpenCRVS Docker Swarm stack.
#
#   mvn -B package -DskipTests && docker build -t crvs-backup .
#
# BASE_IMAGE is any JRE 17+ image with /bin/sh and java on PATH. Production uses eclipse-temurin.
# The tests build on crvs-test/jre-base:25, a jlink'ed Temurin 25 plus busybox made from local files
# (scripts/build-image), because nothing can be pulled there.
ARG BASE_IMAGE=eclipse-temurin:25-jre
FROM ${BASE_IMAGE}

# The runnable (shaded) jar; scripts/build-image passes its own when the build folder is elsewhere.
ARG JAR=target/crvs-backup.jar
ARG VERSION=dev
ARG SOURCE=https://github.com/opencrvs

LABEL org.opencontainers.image.title="crvs-backup" \
      org.opencontainers.image.description="Backup and restore sidecar for OpenCRVS Docker Swarm stacks: MongoDB, Elasticsearch and InfluxDB on a schedule, /health, /metrics, and 'restore <day> <replicas>' through docker exec" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}"

# The HEALTHCHECK needs an HTTP client without starting a second JVM. busybox (the test base) and
# the temurin images usually bring wget; if the base has neither wget nor curl, install wget once.
RUN if ! command -v wget >/dev/null 2>&1 && ! command -v curl >/dev/null 2>&1; then \
      apt-get update && apt-get install -y --no-install-recommends wget && rm -rf /var/lib/apt/lists/*; \
    fi

# backup, restore and crvs-backup on PATH: 'docker exec -it <ctr> restore monday 3'.
COPY docker/bin/ /usr/local/bin/
RUN chmod 0755 /usr/local/bin/crvs-backup /usr/local/bin/backup /usr/local/bin/restore
COPY ${JAR} /opt/crvs-backup/crvs-backup.jar

# BACKUP_DIR_MUST_BE_MOUNTED: a forgotten bind mount of /data/backups is refused (exit 2) instead of
# filling the container's own layer with backups that vanish with it.
ENV BACKUP_DIR=/data/backups \
    BACKUP_DIR_MUST_BE_MOUNTED=true \
    HTTP_PORT=8080 \
    CRVS_BACKUP_JAR=/opt/crvs-backup/crvs-backup.jar

# Runs as root on purpose: the sidecar talks to /var/run/docker.sock (root:docker on the host, with a
# group id that differs between hosts) to scale the stack's services, and writes /data/backups, which
# the Elasticsearch container (uid 1000) and the host's own scripts share. A fixed non-root user would
# need the host's docker gid at build time; an operator who wants one sets 'user:' and 'group_add:'
# in docker-compose.backup.yml instead.
#
# No VOLUME for /data/backups: an anonymous volume would hide a forgotten bind mount of the host's
# backup folder, which serve must be able to notice and refuse.
EXPOSE 8080

# /health answers 200 only when the last backup succeeded within the expected window; 503 otherwise.
# wget and curl both exit non-zero on a 503; HEALTHCHECK wants 1 for unhealthy.
HEALTHCHECK --interval=60s --timeout=10s --start-period=120s --retries=3 \
  CMD url="http://127.0.0.1:${HTTP_PORT:-8080}/health"; \
      if command -v wget >/dev/null 2>&1; then wget -q -O /dev/null "$url"; \
      else curl -fsS -o /dev/null "$url"; fi || exit 1

# No ENTRYPOINT: 'docker run <image> restore funday' and 'docker run <image> sh' run what they say.
# java is PID 1 (the wrapper execs it), so SIGTERM reaches serve's shutdown hook directly.
CMD ["crvs-backup", "serve"]
