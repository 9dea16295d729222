"""The baseline process for a cold question: onnxruntime + tokenizers load the same MiniLM graph, encode one
question (padded to itself, cut at 256, mean-pooled, normalised) and search the index's FAISS file. Nothing of
sagebot is imported; this is the least any ONNX + FAISS program has to do.

    python benchmarks/_bare_onnx.py GRAPH TOKENIZER_JSON DENSE_FAISS "question"
"""

import sys

import faiss
import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

graph, tokenizer_json, dense, question = sys.argv[1:5]
tokenizer = Tokenizer.from_file(tokenizer_json)
tokenizer.no_padding()
tokenizer.enable_truncation(max_length=256)
options = ort.SessionOptions()
options.intra_op_num_threads = 1
session = ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
encoding = tokenizer.encode(question)
ids = np.array([encoding.ids], dtype=np.int64)
mask = np.array([encoding.attention_mask], dtype=np.int64)
feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
tokens = session.run(None, {i.name: feeds[i.name] for i in session.get_inputs()})[0]
vector = (tokens * mask[:, :, None]).sum(axis=1) / mask.sum()
vector = (vector / np.linalg.norm(vector)).astype(np.float32)
_, found = faiss.read_index(dense).search(vector, 40)
print(found[0][:3])
