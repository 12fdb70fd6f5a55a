"""Chroma's graph search is set to find nearly all of the nearest chunks, in old collections too."""

from vectorstore.chroma_store import EF_SEARCH, open_client, open_collection


def test_a_collection_made_with_chromas_default_search_takes_newsbots(tmp_path):
    client = open_client(tmp_path)
    old = client.create_collection(
        "old", embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
    )
    assert old.configuration["hnsw"]["ef_search"] != EF_SEARCH  # Chroma's default, 100

    assert open_collection(client, "old").configuration["hnsw"]["ef_search"] == EF_SEARCH
    assert client.get_collection("old").configuration["hnsw"]["ef_search"] == EF_SEARCH  # stored
    assert open_collection(client, "new").configuration["hnsw"]["ef_search"] == EF_SEARCH
    assert client.get_collection("new").configuration["hnsw"]["space"] == "cosine"
