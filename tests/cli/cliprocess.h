#pragma once

// freightdesk-cli as a process that runs while this test's event loop keeps turning (the Argo CD
// simulator answers on it), and the Argo CD Application such tests deploy with.

#include "clirun.h"

#include <QProcess>
#include <QSignalSpy>

namespace fd::testsupport {

/** Starts freightdesk-cli; wait for it with finishCli(). */
inline QProcess* launchCli(QObject* parent, const QStringList& arguments,
                           const QProcessEnvironment& environment = {}) {
    auto* process = new QProcess(parent);
    if (!environment.isEmpty())
        process->setProcessEnvironment(environment);
    process->start(QStringLiteral(FREIGHTDESK_CLI_PATH), arguments);
    return process;
}

/** Waits for @p process (bounded, killing it after) with the event loop running; deletes it. */
inline Run finishCli(QProcess* process, int milliseconds = 60000) {
    QSignalSpy finished(process, &QProcess::finished);
    const bool ended = process->state() == QProcess::NotRunning || finished.wait(milliseconds) ||
                       finished.size() > 0;
    if (!ended) {
        process->kill();
        process->waitForFinished(5000);
    }
    Run run{ended && process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1,
            process->readAllStandardOutput(), process->readAllStandardError(), 0};
    process->deleteLater();
    return run;
}

/** guestbook-@p env: the chart in charts/guestbook with env/@p env/values.yaml, synced by itself. */
inline QByteArray guestbookApplication(const QString& env) {
    return QStringLiteral(R"(apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: guestbook-%1
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://git.example.com/deploy.git
    targetRevision: main
    path: charts/guestbook
    helm:
      valueFiles:
        - ../../env/%1/values.yaml
  destination:
    server: https://kubernetes.default.svc
    namespace: %1
  syncPolicy:
    automated: {}
)")
        .arg(env)
        .toUtf8();
}

} // namespace fd::testsupport
