# syntax=docker/dockerfile:1
# The gateway image: the SDK image restores and publishes Release, the ASP.NET runtime image runs it as a
# non-root user. Nothing is written outside /tmp, so it runs with a read-only root filesystem.
#   docker build -t gateway .
#   docker run -p 8080:8080 -e AI_OPENAI_KEY=sk-... -e AI_OPENAI_SMART=gpt-4.1 gateway
# The FakeUpstream stage builds the scriptable fake provider used by deploy/docker-compose.yml.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so source edits do not invalidate the package layer.
# Directory.Packages.props carries the YARP PackageDownload workaround, which works here as on any machine.
COPY Directory.Build.props Directory.Packages.props appsettings.json ./
COPY src/Gateway/Gateway.csproj src/Gateway/
RUN dotnet restore src/Gateway/Gateway.csproj
COPY src/Gateway/ src/Gateway/
RUN dotnet publish src/Gateway/Gateway.csproj -c Release --no-restore -o /app /p:UseAppHost=false

FROM build AS build-fake-upstream
COPY tests/Gateway.FakeUpstream/ tests/Gateway.FakeUpstream/
RUN dotnet publish tests/Gateway.FakeUpstream/Gateway.FakeUpstream.csproj -c Release -o /fake /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS fake-upstream
WORKDIR /fake
COPY --from=build-fake-upstream /fake .
USER $APP_UID
EXPOSE 9001
ENTRYPOINT ["dotnet", "Gateway.FakeUpstream.dll", "--host", "0.0.0.0", "--port", "9001", "--chunks", "20", "--chunk-delay-ms", "30"]

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# appsettings.json is baked in next to the binary; every setting can be overridden by environment
# (AI_<NAME>_*, Gateway__*), or by a JSON file named in GATEWAY_CONFIG (the Helm chart's ConfigMap).
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_gcServer=0 \
    TMPDIR=/tmp
# The embedded store's folder (Gateway:Store:DataDirectory, default /app/data), writable by the app's user: a store that
# cannot be opened stops start-up (exit code 2). Mount a volume here to keep managed providers and keys across restarts.
RUN mkdir -p /app/data && chown "$APP_UID" /app/data && chmod 0700 /app/data
# The aspnet image's unprivileged user (uid 1654).
USER $APP_UID
# 8080: the OpenAI API, /metrics, /healthz, /readyz, /admin.
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=4s --start-period=10s --retries=3 CMD ["dotnet", "/app/Gateway.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "Gateway.dll"]
