# Baton: an OpenAI-compatible inference router, as one container.
#   build:  docker build -t baton .        (or: buildah bud --format docker -t baton .)
#   run:    docker run -p 8000:8000 -p 9000:9000 -v $PWD/config:/etc/baton:ro baton
#   demo:   docker run -p 8000:8000 baton demo
# See docs/deploy.md for configuration, probes, hot reload and Kubernetes.

# ---------------------------------------------------------------------------------------- build stage
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src

# Dependencies first, in their own layer: it is rebuilt only when a pom or the wrapper changes, not on
# every source edit. A build of the poms alone (no sources yet) resolves every dependency and every
# plugin the real build uses, which dependency:go-offline does not (it cannot see reactor modules
# that are not built yet, and it misses plugins' own dependencies).
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY router/pom.xml router/
COPY transfer/pom.xml transfer/
COPY sim/pom.xml sim/
COPY bench/pom.xml bench/
COPY server/pom.xml server/
RUN ./mvnw -B -q -DskipTests package -pl server -am

COPY router/src router/src
COPY transfer/src transfer/src
COPY sim/src sim/src
COPY bench/src bench/src
COPY server/src server/src
# The server jar embeds config/demo.yaml, so `baton demo` runs from anywhere.
COPY config/ config/
RUN ./mvnw -B -q -DskipTests package -pl server -am \
 && cp server/target/baton.jar /baton.jar

# -------------------------------------------------------------------------------------- runtime stage
FROM eclipse-temurin:21-jre

# A fixed numeric uid/gid, so Kubernetes can check runAsNonRoot without a passwd lookup.
RUN groupadd --gid 10001 baton \
 && useradd --uid 10001 --gid baton --home-dir /opt/baton --no-create-home \
      --shell /usr/sbin/nologin baton \
 && mkdir -p /opt/baton /etc/baton \
 && chown baton:baton /etc/baton

COPY --from=build /baton.jar /opt/baton/baton.jar

# /etc/baton/baton.yaml is the config `serve` reads, watches and hot-reloads. Mount a directory (a
# ConfigMap) over /etc/baton rather than a single file: editors and Kubernetes replace the file by a
# rename or a symlink swap, which only a directory watch sees.
USER 10001:10001
WORKDIR /opt/baton

# 8000: the OpenAI-compatible API, /health and /ready. 9000: admin (/metrics, /admin/*, /dashboard).
EXPOSE 8000 9000

# Neither curl nor wget is promised by the JRE base, so the probe speaks HTTP through bash's /dev/tcp:
# it passes only when GET /health on the API port answers 200 within the timeout.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8000 && printf 'GET /health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && read -r status <&3 && [[ $status == 'HTTP/1.1 200'* ]]"]

# The heap follows the container's memory limit (75%, the rest for direct buffers, metaspace and
# threads); an OutOfMemoryError ends the process so the orchestrator restarts it instead of leaving a
# half-working router. G1 was chosen by measurement (docs/benchmarks.md, "The garbage collector"); it is
# named because the JVM would pick the serial collector in a container with < 2 CPUs or < 1792 MB.
# Add flags with JDK_JAVA_OPTIONS (an explicit -Xmx there wins over the percentage).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75.0", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/baton/baton.jar"]
CMD ["serve", "--config", "/etc/baton/baton.yaml"]
