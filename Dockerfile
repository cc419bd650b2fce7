# Publishes the console and runs it as a non-root user. Configure it with environment variables, e.g.
#   Database__Provider=SqlServer Database__ConnectionString="Server=...;Database=JooxterAdmin;..."
#   Authentication__Mode=EntraId Authentication__EntraId__TenantId=... Authentication__EntraId__ClientId=... Authentication__EntraId__ClientSecret=...
#   DataProtection__KeysFolder=/data/keys   (mount /data as a volume so sign-ins survive restarts)
#   AllowedHosts=admin.example.com          (required: production refuses to start with '*')
#   ForwardedHeaders__KnownNetworks__0=10.0.0.0/24   (the reverse proxies allowed to send X-Forwarded-For/-Proto)
#   DataProtection__CertificatePath=/secrets/keys.pfx DataProtection__CertificatePassword=...   (encrypt the keys at rest)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY Jooxter.Admin/Jooxter.Admin.csproj Jooxter.Admin/
RUN dotnet restore Jooxter.Admin/Jooxter.Admin.csproj
COPY Jooxter.Admin/ Jooxter.Admin/
RUN dotnet publish Jooxter.Admin/Jooxter.Admin.csproj -c Release -o /app --no-restore /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
RUN mkdir -p /data/keys && chown -R $APP_UID /data
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Database__Provider=SqlServer \
    Database__DataFolder=/data \
    Authentication__Mode=EntraId \
    DataProtection__KeysFolder=/data/keys
VOLUME /data
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Jooxter.Admin.dll"]
