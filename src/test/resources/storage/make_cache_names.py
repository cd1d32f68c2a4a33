#!/usr/bin/python3
"""Expected SDK cache file names (STORAGE.md 6.2), computed with the documented formula:
name = md5_hex(url.encode("utf-8")) + "." + url.split("/")[-1]
Run: python3 make_cache_names.py > cache_names.tsv"""
import hashlib

URLS = [
    "http://files.example.com:8081/Vision/resnet50%20baseline.e2f1c0a9b8d74e6f8a1b2c3d4e5f6a7b/artifacts/confusion/confusion.npz",
    "https://files.community.clear.ml/Proj/task.abc/artifacts/data/data.csv.gz",
    "http://localhost:8081/acc/sdk%20probe/weird%20name0x3a%20donn%C3%A9es.json",
    "http://localhost:8081/p/t.1/models/model weights.pt",
    "http://host/a/b.zip?X-Amz-Signature=abc&x=1",
    "s3://ml-artifacts/clearml/Proj/task.1/artifacts/table/table.parquet",
    "s3://minio.local:9000/ml/clearml/P/t.2/artifacts/arr/arr.npy",
    "gs://my-bucket/clearml/x/y.pkl",
    "http://host/données/é.txt",
]
for u in URLS:
    print(u + "\t" + hashlib.md5(u.encode("utf-8")).hexdigest() + "." + u.split("/")[-1])
