#pragma once

#include <QString>

#include <optional>

namespace fd::core {

/** A user name and password for a chart repository, and where it was found. */
struct HelmCredential final {
    QString userName;
    QString password;
    /** "~/.config/helm/repositories.yaml", "the URL": for messages, never the secret. */
    QString source;
};

/**
 * Chart repository credentials from where Helm users already keep them: `helm repo add
 * --username --password` writes them to Helm's repositories file ($HELM_REPOSITORY_CONFIG, else
 * helm/repositories.yaml in the user's configuration folder: $XDG_CONFIG_HOME or ~/.config on
 * Linux, ~/Library/Preferences on macOS, %APPDATA% on Windows), or the URL carries them.
 * Reads a file: call it off the GUI thread.
 */
class HelmCredentials final {
public:
    static QString defaultRepositoriesFile();
    /** The entry of @p repositoriesFile whose url is @p repositoryUrl (ignoring a final '/'). */
    static std::optional<HelmCredential> lookup(const QString& repositoriesFile,
                                                const QString& repositoryUrl);
};

} // namespace fd::core
