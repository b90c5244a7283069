# The gateway image. Needs BuildKit (the default builder since Docker 23; with Debian's docker.io 20.10 set
# DOCKER_BUILDKIT=1): it builds only the stages the target uses.
#
# Anywhere with access to mcr.microsoft.com and nuget.org (the usual build):
#   docker build -t gateway .
#   docker run -p 127.0.0.1:8080:8080 --read-only --tmpfs /tmp -v gateway-data:/data \
#     -e AI_OPENAI_KEY=sk-... -e AI_OPENAI_SMART=gpt-4.1 gateway
# The SDK stage restores and publishes Release; the runtime stage (the last one, what users get) runs it on the
# ASP.NET runtime image as its non-root user.
#
# In this project's CI (deploy/image-test.sh) no image registry is reachable, and restoring NuGet packages inside a
# build container does not work on its machines, so the SDK stages cannot run there. CI publishes on the host
# (the same `dotnet publish` arguments as below) into artifacts/image/, and builds the same runtime stage with
#   --build-arg APP=published --build-arg FAKE_APP=published \
#   --build-arg RUNTIME_BASE=gateway-test/aspnet:10.0   (a stand-in for the ASP.NET image, tests/images/aspnet)
# so the stage users get is the one CI runs: same user, environment, data volume, health check and entry point.
#   APP / FAKE_APP: where /app and /fake come from: "build" / "build-fake-upstream" (default), or "published".

ARG RUNTIME_BASE=mcr.microsoft.com/dotnet/aspnet:10.0
ARG APP=build
ARG FAKE_APP=build-fake-upstream

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so source edits do not invalidate the package layer.
COPY Directory.Build.props Directory.Packages.props appsettings.json ./
COPY src/Gateway/Gateway.csproj src/Gateway/
RUN dotnet restore src/Gateway/Gateway.csproj
COPY src/Gateway/ src/Gateway/
RUN dotnet publish src/Gateway/Gateway.csproj -c Release --no-restore -o /app /p:UseAppHost=false

FROM build AS build-fake-upstream
COPY tests/Gateway.FakeUpstream/ tests/Gateway.FakeUpstream/
RUN dotnet publish tests/Gateway.FakeUpstream/Gateway.FakeUpstream.csproj -c Release -o /fake /p:UseAppHost=false

# The host-published output (CI here; see the top of this file).
FROM scratch AS published
COPY artifacts/image/app/ /app/
COPY artifacts/image/fake/ /fake/

FROM ${APP} AS app
FROM ${FAKE_APP} AS fake-app

# The scriptable fake provider used by deploy/docker-compose.yml and the image test.
FROM ${RUNTIME_BASE} AS fake-upstream
WORKDIR /fake
COPY --from=fake-app /fake .
USER $APP_UID
EXPOSE 9001
ENTRYPOINT ["dotnet", "Gateway.FakeUpstream.dll", "--host", "0.0.0.0", "--port", "9001", "--chunks", "20", "--chunk-delay-ms", "30"]

FROM ${RUNTIME_BASE} AS runtime
WORKDIR /app
COPY --from=app /app .
# The control-data store (SQLite) lives in /data, a volume owned by the image's user: the root filesystem can be
# read-only (run with --read-only --tmpfs /tmp), the store survives the container. A new named volume takes the
# folder's owner from the image; a bind mount must be writable by uid 1654.
RUN mkdir -p /data && chown "$APP_UID:$APP_UID" /data && chmod 0700 /data
VOLUME /data
# appsettings.json is baked in next to the binary; every setting can be overridden by environment
# (AI_<NAME>_*, Gateway__*), or by a JSON file named in GATEWAY_CONFIG (the Helm chart's ConfigMap).
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_gcServer=0 \
    TMPDIR=/tmp \
    Gateway__Store__DataDirectory=/data
# The ASP.NET image's unprivileged user (uid 1654).
USER $APP_UID
# 8080: the OpenAI API, /metrics, /healthz, /readyz, /admin.
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=4s --start-period=10s --retries=3 CMD ["dotnet", "/app/Gateway.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "Gateway.dll"]
