"""The MLflow side of the peers bench: what a training script or a deploy step would call.

Each command prints one JSON line. "seconds" times only the MLflow call(s), not the
interpreter start or `import mlflow` (a training script has paid those already).

  log URI EXPERIMENT RUN_NAME PATH             log_artifact (a file) or log_artifacts (a folder)
  download URI RUN_ID ARTIFACT_PATH DST        download_artifacts into DST
  checkpoints URI EXPERIMENT RUN_NAME WORK F1 .. F5
                                               copy each Fi to WORK (untimed), log_artifact(WORK, epoch-i)
  registry URI EXPERIMENT MODEL ALIAS          two model versions, ALIAS on version 1
  webhook URI NAME URL                         a webhook for model_version_alias.created
"""

import json
import os
import shutil
import sys
import time

import mlflow
from mlflow import MlflowClient


def out(**fields):
    print(json.dumps(fields), flush=True)


def log(uri, experiment, run_name, path):
    mlflow.set_tracking_uri(uri)
    mlflow.set_experiment(experiment)
    with mlflow.start_run(run_name=run_name) as run:
        t0 = time.perf_counter()
        if os.path.isdir(path):
            artifact_path = os.path.basename(os.path.normpath(path))
            mlflow.log_artifacts(path, artifact_path=artifact_path)
        else:
            artifact_path = os.path.basename(path)
            mlflow.log_artifact(path)
        seconds = time.perf_counter() - t0
    out(seconds=seconds, runId=run.info.run_id, artifactPath=artifact_path)


def download(uri, run_id, artifact_path, dst):
    mlflow.set_tracking_uri(uri)
    os.makedirs(dst, exist_ok=True)
    t0 = time.perf_counter()
    local = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path=artifact_path, dst_path=dst)
    out(seconds=time.perf_counter() - t0, path=local)


def checkpoints(uri, experiment, run_name, work, *files):
    mlflow.set_tracking_uri(uri)
    mlflow.set_experiment(experiment)
    per_save = []
    with mlflow.start_run(run_name=run_name):
        for epoch, f in enumerate(files, start=1):
            shutil.copyfile(f, work)
            t0 = time.perf_counter()
            mlflow.log_artifact(work, artifact_path=f"epoch-{epoch}")
            per_save.append(time.perf_counter() - t0)
    out(seconds=sum(per_save), perSave=per_save)


def registry(uri, experiment, model, alias):
    mlflow.set_tracking_uri(uri)
    mlflow.set_experiment(experiment)
    client = MlflowClient()
    versions = []
    for i in range(2):
        with mlflow.start_run(run_name=f"registry-{i}") as run:
            mlflow.log_text(f"model {i}\n", "model/MLmodel")
        versions.append(mlflow.register_model(f"runs:/{run.info.run_id}/model", model).version)
    client.set_registered_model_alias(model, alias, versions[0])
    out(versions=[str(v) for v in versions])


def webhook(uri, name, url):
    client = MlflowClient(tracking_uri=uri)
    hook = client.create_webhook(name=name, url=url, events=["model_version_alias.created"])
    out(webhookId=hook.webhook_id)


COMMANDS = {"log": log, "download": download, "checkpoints": checkpoints, "registry": registry, "webhook": webhook}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
