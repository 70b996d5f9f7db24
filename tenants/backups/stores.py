"""Where backups are kept: S3 (or an S3-compatible store) when BACKUP_BUCKET is set, otherwise
files under BACKUP_DIR. Both offer the same few operations, each whole or not at all."""

import os
import shutil
from pathlib import Path

from django.conf import settings

CHUNK = 1024 * 1024


def backup_store():
    if settings.BACKUP_BUCKET:
        return S3Store(settings.BACKUP_BUCKET)
    return DiskStore(Path(settings.BACKUP_DIR))


class DiskStore:
    """Backups as files under BACKUP_DIR. Each file is written aside and renamed into place, so
    a file that exists is whole."""

    def __init__(self, root):
        self.root = root

    def location(self, key):
        return str(self.root / key)

    def put(self, key, fileobj):
        path = self.root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with open(partial, "wb") as out:
            shutil.copyfileobj(fileobj, out, CHUNK)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)

    def get(self, key, fileobj):
        with open(self.root / key, "rb") as source:
            shutil.copyfileobj(source, fileobj, CHUNK)

    def listing(self, prefix):
        try:
            entries = list(os.scandir(self.root / prefix))
        except FileNotFoundError:
            return [], []
        folders = sorted(entry.name for entry in entries if entry.is_dir())
        files = sorted(entry.name for entry in entries if entry.is_file())
        return folders, files

    def delete(self, key):
        (self.root / key).unlink(missing_ok=True)

    def delete_folder(self, prefix):
        shutil.rmtree(self.root / prefix, ignore_errors=True)


class S3Store:
    """Backups as objects in BACKUP_BUCKET. Each object is stored whole or not at all."""

    def __init__(self, bucket):
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.client = boto3.client(
            "s3",
            endpoint_url=settings.BACKUP_S3_ENDPOINT_URL,
            region_name=settings.BACKUP_S3_REGION_NAME,
            aws_access_key_id=settings.BACKUP_ACCESS_KEY_ID,
            aws_secret_access_key=settings.BACKUP_SECRET_ACCESS_KEY,
            config=Config(
                s3={"addressing_style": settings.BACKUP_S3_ADDRESSING_STYLE},
                retries={"mode": "standard"},
            ),
        )

    def location(self, key):
        return f"s3://{self.bucket}/{key}"

    def put(self, key, fileobj):
        self.client.upload_fileobj(fileobj, self.bucket, key)

    def get(self, key, fileobj):
        from botocore.exceptions import ClientError

        try:
            self.client.download_fileobj(self.bucket, key, fileobj)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey"):
                raise FileNotFoundError(key) from exc
            raise

    def listing(self, prefix):
        folders, files = [], []
        start = len(prefix) + 1
        for page in self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=prefix + "/", Delimiter="/"
        ):
            folders += [entry["Prefix"][start:-1] for entry in page.get("CommonPrefixes", ())]
            files += [entry["Key"][start:] for entry in page.get("Contents", ())]
        return sorted(folders), sorted(files)

    def delete(self, key):
        self.client.delete_object(Bucket=self.bucket, Key=key)

    def delete_folder(self, prefix):
        for page in self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=prefix + "/"
        ):
            keys = [{"Key": entry["Key"]} for entry in page.get("Contents", ())]
            if keys:
                self.client.delete_objects(
                    Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True}
                )
