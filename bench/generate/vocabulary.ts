/**
 * The words the generated estate is made of: operating systems and their
 * packages, language ecosystems and theirs, business units, weaknesses. Real
 * package names, so globs and package keys in rules behave as they do on real
 * reports; everything else about the estate is synthetic.
 */

export interface Distro {
  /** Trivy's Result.Type and the purl namespace. */
  type: 'debian' | 'ubuntu' | 'alpine' | 'redhat';
  name: string;
  version: string;
  /** Trivy's `Target` suffix, e.g. `(debian 12.5)`. */
  label: string;
  purlType: 'deb' | 'apk' | 'rpm';
  packages: readonly string[];
}

const DEB = [
  'openssl', 'libssl3', 'libc6', 'libc-bin', 'zlib1g', 'curl', 'libcurl4', 'bash', 'coreutils', 'systemd',
  'libsystemd0', 'libudev1', 'libxml2', 'libexpat1', 'libsqlite3-0', 'perl-base', 'tar', 'gzip', 'util-linux',
  'libkrb5-3', 'libgssapi-krb5-2', 'libncursesw6', 'libpcre2-8-0', 'libldap-2.5-0', 'libgnutls30', 'libgcrypt20',
  'libtasn1-6', 'e2fsprogs', 'login', 'passwd', 'sudo', 'git', 'python3.11', 'libpython3.11-minimal', 'libx11-6',
  'libfreetype6', 'libpng16-16', 'libjpeg62-turbo', 'libtiff6', 'imagemagick', 'libnghttp2-14', 'libssh2-1',
  'openssh-client', 'libpam0g', 'libdb5.3', 'libzstd1', 'liblzma5', 'libbz2-1.0', 'libgmp10', 'libnettle8',
  'libhogweed6', 'libp11-kit0', 'libidn2-0', 'libunistring2', 'libsepol2', 'libselinux1', 'libcap2', 'libaudit1',
  'libsemanage2', 'apt', 'libapt-pkg6.0', 'dpkg', 'debianutils', 'ncurses-base', 'libtinfo6', 'libstdc++6',
  'libgcc-s1', 'gpgv', 'libksba8', 'libwebp7', 'libharfbuzz0b', 'libglib2.0-0', 'libde265-0', 'libheif1',
];
const APK = [
  'openssl', 'libcrypto3', 'libssl3', 'musl', 'musl-utils', 'busybox', 'busybox-binsh', 'zlib', 'curl', 'libcurl',
  'apk-tools', 'expat', 'libxml2', 'sqlite-libs', 'ncurses-libs', 'pcre2', 'libgcc', 'libstdc++', 'nghttp2-libs',
  'git', 'python3', 'libretls', 'ssl_client', 'scanelf', 'libexpat', 'xz-libs', 'krb5-libs', 'libintl', 'gnutls',
];
const RPM = [
  'openssl-libs', 'glibc', 'glibc-common', 'zlib', 'curl', 'libcurl', 'bash', 'coreutils-single', 'systemd-libs',
  'libxml2', 'expat', 'sqlite-libs', 'tar', 'gzip', 'krb5-libs', 'ncurses-libs', 'pcre2', 'openldap', 'gnutls',
  'libgcrypt', 'libtasn1', 'python3', 'python3-libs', 'sudo', 'git-core', 'rpm', 'rpm-libs', 'dnf', 'libdnf',
  'libsolv', 'gnupg2', 'libarchive', 'nss', 'nspr', 'libssh', 'platform-python', 'libstdc++', 'libgcc', 'xz-libs',
];

export const DISTROS: readonly Distro[] = [
  { type: 'debian', name: 'debian', version: '12.5', label: '(debian 12.5)', purlType: 'deb', packages: DEB },
  { type: 'debian', name: 'debian', version: '11.9', label: '(debian 11.9)', purlType: 'deb', packages: DEB },
  { type: 'ubuntu', name: 'ubuntu', version: '22.04', label: '(ubuntu 22.04)', purlType: 'deb', packages: DEB },
  { type: 'ubuntu', name: 'ubuntu', version: '20.04', label: '(ubuntu 20.04)', purlType: 'deb', packages: DEB },
  { type: 'alpine', name: 'alpine', version: '3.19.1', label: '(alpine 3.19.1)', purlType: 'apk', packages: APK },
  { type: 'alpine', name: 'alpine', version: '3.16.9', label: '(alpine 3.16.9)', purlType: 'apk', packages: APK },
  { type: 'redhat', name: 'redhat', version: '8.9', label: '(redhat 8.9)', purlType: 'rpm', packages: RPM },
];

export interface Ecosystem {
  /** Trivy's Result.Type for the lockfile analyser. */
  type: 'npm' | 'jar' | 'python-pkg' | 'gomod' | 'nuget' | 'cargo';
  /** purl type. */
  purlType: 'npm' | 'maven' | 'pypi' | 'golang' | 'nuget' | 'cargo';
  /** Grype's package type in its SARIF messages. */
  grypeType: string;
  lockfile: string;
  packages: readonly string[];
}

export const ECOSYSTEMS: readonly Ecosystem[] = [
  {
    type: 'npm', purlType: 'npm', grypeType: 'npm', lockfile: 'package-lock.json',
    packages: ['lodash', 'minimist', 'axios', 'express', 'jsonwebtoken', 'ws', 'semver', 'tough-cookie', 'qs', 'follow-redirects',
      'node-fetch', 'moment', 'xml2js', 'ejs', 'handlebars', 'marked', 'got', 'json5', 'word-wrap', 'tar', 'glob-parent',
      'path-to-regexp', 'body-parser', 'cookie', 'send', 'serve-static', 'nth-check', 'postcss', 'webpack', 'loader-utils',
      'shell-quote', 'async', 'underscore', 'jquery', 'socket.io-parser', 'engine.io', 'undici', 'braces', 'micromatch', 'ip'],
  },
  {
    type: 'jar', purlType: 'maven', grypeType: 'java-archive', lockfile: 'app.jar',
    packages: ['org.springframework:spring-beans', 'org.springframework:spring-core', 'org.springframework:spring-web',
      'org.springframework:spring-webmvc', 'org.apache.logging.log4j:log4j-core', 'com.fasterxml.jackson.core:jackson-databind',
      'org.apache.commons:commons-text', 'io.netty:netty-codec-http', 'io.netty:netty-handler', 'org.yaml:snakeyaml',
      'org.apache.tomcat.embed:tomcat-embed-core', 'com.google.guava:guava', 'commons-io:commons-io',
      'org.apache.commons:commons-compress', 'com.google.protobuf:protobuf-java', 'ch.qos.logback:logback-core',
      'org.bouncycastle:bcprov-jdk18on', 'com.nimbusds:nimbus-jose-jwt', 'org.eclipse.jetty:jetty-server',
      'org.apache.httpcomponents:httpclient', 'com.h2database:h2', 'org.postgresql:postgresql', 'xalan:xalan'],
  },
  {
    type: 'python-pkg', purlType: 'pypi', grypeType: 'python', lockfile: 'requirements.txt',
    packages: ['django', 'flask', 'requests', 'urllib3', 'pyyaml', 'jinja2', 'cryptography', 'pillow', 'werkzeug', 'certifi',
      'setuptools', 'idna', 'aiohttp', 'sqlparse', 'numpy', 'paramiko', 'lxml', 'gunicorn', 'tornado', 'pip'],
  },
  {
    type: 'gomod', purlType: 'golang', grypeType: 'go-module', lockfile: 'go.mod',
    packages: ['golang.org/x/net', 'golang.org/x/crypto', 'golang.org/x/text', 'google.golang.org/grpc',
      'github.com/gin-gonic/gin', 'github.com/golang-jwt/jwt/v4', 'google.golang.org/protobuf', 'github.com/docker/docker',
      'github.com/opencontainers/runc', 'k8s.io/apimachinery', 'github.com/hashicorp/go-getter', 'stdlib',
      'github.com/go-git/go-git/v5', 'github.com/prometheus/client_golang', 'golang.org/x/oauth2'],
  },
  {
    type: 'nuget', purlType: 'nuget', grypeType: 'dotnet', lockfile: 'packages.lock.json',
    packages: ['Newtonsoft.Json', 'System.Text.Encodings.Web', 'Microsoft.Data.SqlClient', 'System.Net.Http', 'Azure.Identity',
      'System.Drawing.Common', 'Microsoft.IdentityModel.JsonWebTokens'],
  },
  {
    type: 'cargo', purlType: 'cargo', grypeType: 'rust-crate', lockfile: 'Cargo.lock',
    packages: ['openssl', 'hyper', 'h2', 'tokio', 'regex', 'time', 'chrono', 'smallvec', 'rustls', 'idna'],
  },
];

/** Business units: each is a scope (selected by a `bu:` tag) with an owning team. */
export const BUSINESS_UNITS = [
  'payments', 'billing', 'ledger', 'identity', 'storefront', 'search', 'catalog', 'checkout', 'logistics', 'warehouse',
  'fleet', 'robotics-control', 'firmware', 'telemetry', 'data-platform', 'analytics', 'ml-platform', 'marketing',
  'crm', 'support', 'hr-systems', 'finance', 'legal', 'corp-it', 'networking', 'platform', 'observability', 'ci-cd',
  'security-tools', 'partner-api',
] as const;

export const SERVICE_WORDS = [
  'api', 'gateway', 'worker', 'scheduler', 'frontend', 'backend', 'ingest', 'processor', 'indexer', 'exporter',
  'proxy', 'router', 'auth', 'cache', 'notifier', 'reporter', 'sync', 'adapter', 'console', 'portal',
];

export const WEAKNESSES: readonly { cwe: string; what: string; impact: string }[] = [
  { cwe: 'CWE-79', what: 'cross-site scripting in the rendering of user input', impact: 'inject script into pages viewed by other users' },
  { cwe: 'CWE-89', what: 'SQL injection in query construction', impact: 'read or modify database contents' },
  { cwe: 'CWE-787', what: 'out-of-bounds write when parsing crafted input', impact: 'crash the process or execute arbitrary code' },
  { cwe: 'CWE-125', what: 'out-of-bounds read in the decoder', impact: 'disclose memory contents or cause a denial of service' },
  { cwe: 'CWE-416', what: 'use-after-free in connection handling', impact: 'execute arbitrary code' },
  { cwe: 'CWE-20', what: 'improper input validation of headers', impact: 'bypass security checks' },
  { cwe: 'CWE-22', what: 'path traversal in archive extraction', impact: 'write files outside the target directory' },
  { cwe: 'CWE-400', what: 'uncontrolled resource consumption', impact: 'cause a denial of service' },
  { cwe: 'CWE-1333', what: 'inefficient regular expression complexity', impact: 'cause a denial of service (ReDoS)' },
  { cwe: 'CWE-502', what: 'deserialization of untrusted data', impact: 'execute arbitrary code' },
  { cwe: 'CWE-918', what: 'server-side request forgery via redirects', impact: 'reach internal services' },
  { cwe: 'CWE-287', what: 'improper authentication of tokens', impact: 'impersonate other users' },
  { cwe: 'CWE-190', what: 'integer overflow in length computation', impact: 'corrupt memory' },
  { cwe: 'CWE-476', what: 'NULL pointer dereference on malformed records', impact: 'crash the service' },
  { cwe: 'CWE-1321', what: 'prototype pollution through merged objects', impact: 'alter application behaviour' },
  { cwe: 'CWE-295', what: 'improper certificate validation', impact: 'intercept encrypted traffic' },
  { cwe: 'CWE-94', what: 'code injection in template evaluation', impact: 'execute arbitrary code' },
  { cwe: 'CWE-611', what: 'XML external entity expansion', impact: 'read local files' },
];

/** CodeQL- and Semgrep-style code scanning rules, with the CWE each maps to. */
export const CODE_RULES: readonly { id: string; name: string; cwe: string; level: 'error' | 'warning' | 'note'; securitySeverity: string }[] = [
  { id: 'js/sql-injection', name: 'Database query built from user-controlled sources', cwe: 'CWE-89', level: 'error', securitySeverity: '8.8' },
  { id: 'js/xss', name: 'Client-side cross-site scripting', cwe: 'CWE-79', level: 'error', securitySeverity: '6.1' },
  { id: 'js/path-injection', name: 'Uncontrolled data used in path expression', cwe: 'CWE-22', level: 'error', securitySeverity: '7.5' },
  { id: 'js/prototype-pollution', name: 'Prototype-polluting assignment', cwe: 'CWE-1321', level: 'warning', securitySeverity: '6.1' },
  { id: 'js/insecure-randomness', name: 'Insecure randomness', cwe: 'CWE-338', level: 'warning', securitySeverity: '7.8' },
  { id: 'py/command-line-injection', name: 'Uncontrolled command line', cwe: 'CWE-78', level: 'error', securitySeverity: '9.8' },
  { id: 'py/sql-injection', name: 'SQL query built from user-controlled sources', cwe: 'CWE-89', level: 'error', securitySeverity: '8.8' },
  { id: 'py/weak-cryptographic-algorithm', name: 'Use of a broken or weak cryptographic algorithm', cwe: 'CWE-327', level: 'warning', securitySeverity: '7.5' },
  { id: 'java/ssrf', name: 'Server-side request forgery', cwe: 'CWE-918', level: 'error', securitySeverity: '9.1' },
  { id: 'java/unsafe-deserialization', name: 'Deserialization of user-controlled data', cwe: 'CWE-502', level: 'error', securitySeverity: '9.8' },
  { id: 'go/path-injection', name: 'Uncontrolled data used in path expression', cwe: 'CWE-22', level: 'error', securitySeverity: '7.5' },
  { id: 'go/clear-text-logging', name: 'Clear-text logging of sensitive information', cwe: 'CWE-312', level: 'error', securitySeverity: '7.5' },
  { id: 'js/missing-rate-limiting', name: 'Missing rate limiting', cwe: 'CWE-770', level: 'warning', securitySeverity: '7.5' },
  { id: 'js/regex/missing-regexp-anchor', name: 'Missing regular expression anchor', cwe: 'CWE-20', level: 'warning', securitySeverity: '7.8' },
  { id: 'js/unused-local-variable', name: 'Unused variable, import, function or class', cwe: '', level: 'note', securitySeverity: '' },
];

/** Trivy misconfiguration checks (AVD ids) for Terraform and Kubernetes. */
export const MISCONFIG_CHECKS: readonly { id: string; avd: string; title: string; severity: string; type: string; file: string }[] = [
  { id: 'AVD-AWS-0086', avd: 'AWS-0086', title: 'S3 Access block should block public ACL', severity: 'HIGH', type: 'terraform', file: 'main.tf' },
  { id: 'AVD-AWS-0089', avd: 'AWS-0089', title: 'S3 Bucket does not have logging enabled', severity: 'MEDIUM', type: 'terraform', file: 'main.tf' },
  { id: 'AVD-AWS-0107', avd: 'AWS-0107', title: 'An ingress security group rule allows traffic from /0', severity: 'CRITICAL', type: 'terraform', file: 'network.tf' },
  { id: 'AVD-AWS-0104', avd: 'AWS-0104', title: 'A security group rule allows egress to multiple public internet addresses', severity: 'CRITICAL', type: 'terraform', file: 'network.tf' },
  { id: 'AVD-AWS-0080', avd: 'AWS-0080', title: 'RDS encryption has not been enabled at a DB Instance level', severity: 'HIGH', type: 'terraform', file: 'db.tf' },
  { id: 'AVD-KSV-0001', avd: 'KSV-0001', title: 'Can elevate its own privileges', severity: 'MEDIUM', type: 'kubernetes', file: 'deploy/deployment.yaml' },
  { id: 'AVD-KSV-0012', avd: 'KSV-0012', title: 'Runs as root user', severity: 'MEDIUM', type: 'kubernetes', file: 'deploy/deployment.yaml' },
  { id: 'AVD-KSV-0017', avd: 'KSV-0017', title: 'Privileged container', severity: 'HIGH', type: 'kubernetes', file: 'deploy/deployment.yaml' },
  { id: 'AVD-DS-0002', avd: 'DS-0002', title: 'Image user should not be root', severity: 'HIGH', type: 'dockerfile', file: 'Dockerfile' },
  { id: 'AVD-DS-0026', avd: 'DS-0026', title: 'No HEALTHCHECK defined', severity: 'LOW', type: 'dockerfile', file: 'Dockerfile' },
];

/** Cloud posture checks, as an NDJSON export from a cloud security tool would carry them. */
export const CLOUD_CHECKS: readonly { id: string; title: string; severity: string }[] = [
  { id: 'aws-s3-public-read', title: 'S3 bucket allows public read access', severity: 'critical' },
  { id: 'aws-iam-root-access-key', title: 'Root account has an active access key', severity: 'critical' },
  { id: 'aws-ec2-imdsv1', title: 'EC2 instance allows IMDSv1', severity: 'medium' },
  { id: 'aws-rds-public', title: 'RDS instance is publicly accessible', severity: 'high' },
  { id: 'aws-kms-rotation', title: 'KMS key rotation is disabled', severity: 'low' },
  { id: 'azure-storage-https-only', title: 'Storage account allows HTTP traffic', severity: 'medium' },
  { id: 'gcp-sql-no-ssl', title: 'Cloud SQL instance does not require SSL', severity: 'high' },
  { id: 'aws-sg-ssh-open', title: 'Security group allows SSH from 0.0.0.0/0', severity: 'high' },
  { id: 'aws-cloudtrail-disabled', title: 'CloudTrail is not enabled in all regions', severity: 'medium' },
  { id: 'aws-lambda-public-url', title: 'Lambda function URL has no authentication', severity: 'high' },
];

export const SECRET_RULES: readonly { id: string; title: string; severity: string }[] = [
  { id: 'aws-access-key-id', title: 'AWS Access Key ID', severity: 'CRITICAL' },
  { id: 'github-pat', title: 'GitHub Personal Access Token', severity: 'CRITICAL' },
  { id: 'slack-webhook-url', title: 'Slack Webhook', severity: 'MEDIUM' },
  { id: 'private-key', title: 'Asymmetric Private Key', severity: 'HIGH' },
];
