#include "argocdlocalconfig.h"

#include "yamlvalue.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace fd::core {

namespace {

YamlValue entryNamed(const YamlValue& list, const char* key, const QString& name) {
    for (const YamlValue& item : list.items())
        if (item[key].scalar() == name)
            return item;
    return {};
}

ArgoCdLocalContext contextOf(const YamlValue& server, const YamlValue& context,
                             const YamlValue& user) {
    ArgoCdLocalContext result;
    result.contextName = context["name"].scalar();
    result.server = server["server"].scalar();
    result.authToken = user["auth-token"].scalar();
    result.insecure = server["insecure"].toBool(false);
    result.plainText = server["plain-text"].toBool(false);
    result.grpcWeb = server["grpc-web"].toBool(false);
    result.rootPath = server["grpc-web-root-path"].scalar();
    return result;
}

QString withoutScheme(QString address) {
    address = address.trimmed();
    const qsizetype scheme = address.indexOf(u"://");
    if (scheme >= 0)
        address.remove(0, scheme + 3);
    while (address.endsWith(u'/'))
        address.chop(1);
    return address.toLower();
}

// The server entry @p address names (the last one, as the CLI's upsert keeps names unique).
YamlValue entryFor(const YamlValue& servers, const QString& address) {
    YamlValue found;
    for (const YamlValue& item : servers.items())
        if (ArgoCdLocalConfig::namesServer(address, item["server"].scalar(),
                                           item["grpc-web-root-path"].scalar()))
            found = item;
    return found;
}

Error invalid(const QString& path, const QString& what) {
    return Error{Error::Kind::Parse,
                 QStringLiteral("the argocd CLI config is not usable: %1; run `argocd login` "
                                "again")
                     .arg(what),
                 path};
}

} // namespace

QString ArgoCdLocalConfig::defaultPath(const QProcessEnvironment& environment) {
    const QString explicitDir = environment.value(QStringLiteral("ARGOCD_CONFIG_DIR"));
    if (!explicitDir.isEmpty())
        return QDir(explicitDir).filePath(QStringLiteral("config"));
    const QString home = environment.value(QStringLiteral("HOME"), QDir::homePath());
    const QString legacy = QDir(home).filePath(QStringLiteral(".argocd"));
    if (QFileInfo(legacy).isDir())
        return QDir(legacy).filePath(QStringLiteral("config"));
    QString configHome = environment.value(QStringLiteral("XDG_CONFIG_HOME"));
    if (configHome.isEmpty())
        configHome = QDir(home).filePath(QStringLiteral(".config"));
    return QDir(configHome).filePath(QStringLiteral("argocd/config"));
}

bool ArgoCdLocalConfig::namesServer(const QString& address, const QString& server,
                                    const QString& rootPath) {
    const QString given = withoutScheme(address);
    const QString name = withoutScheme(server);
    QString root = rootPath.trimmed();
    while (root.startsWith(u'/'))
        root.remove(0, 1);
    return given == name || (!root.isEmpty() && given == withoutScheme(name + u'/' + root));
}

Result<std::optional<ArgoCdLocalContext>> ArgoCdLocalConfig::read(const QString& path,
                                                                  const QString& server) {
    QFile file(path);
    if (!file.exists())
        return std::optional<ArgoCdLocalContext>{};
    if (!file.open(QIODevice::ReadOnly))
        return Error{
            Error::Kind::Io,
            QStringLiteral("cannot read the argocd CLI config: %1").arg(file.errorString()), path};
    auto documents = YamlValue::parseAll(file.readAll(), path);
    if (!documents)
        return std::move(documents).error();
    if (documents->isEmpty() || !documents->constFirst().isMap())
        return std::optional<ArgoCdLocalContext>{};
    const YamlValue& config = documents->constFirst();
    const QString current = config["current-context"].scalar();
    YamlValue context = entryNamed(config["contexts"], "name", current);
    if (!server.isEmpty()) {
        const YamlValue entry = entryFor(config["servers"], server);
        if (!entry.isDefined())
            return std::optional<ArgoCdLocalContext>{};
        if (context["server"].scalar() != entry["server"].scalar())
            context = entryNamed(config["contexts"], "server", entry["server"].scalar());
        return std::optional<ArgoCdLocalContext>{contextOf(
            entry, context, entryNamed(config["users"], "name", context["user"].scalar()))};
    }
    if (current.isEmpty())
        return std::optional<ArgoCdLocalContext>{};
    if (!context.isDefined())
        return invalid(path, QStringLiteral("context \"%1\" is not defined").arg(current));
    const QString serverName = context["server"].scalar();
    const YamlValue entry = entryNamed(config["servers"], "server", serverName);
    if (!entry.isDefined())
        return invalid(path, QStringLiteral("server \"%1\" is not defined").arg(serverName));
    return std::optional<ArgoCdLocalContext>{
        contextOf(entry, context, entryNamed(config["users"], "name", context["user"].scalar()))};
}

} // namespace fd::core
