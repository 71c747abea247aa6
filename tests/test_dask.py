"""`huashu.integrations.dask` on a real two-process `distributed.LocalCluster`: the findings are
those of `Checker.check`, the meta is declared and right, and each worker builds one Checker."""

from __future__ import annotations

from pathlib import Path

import pytest

import huashu

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

from huashu.integrations import dask as hdask  # noqa: E402

from helpers import TWO_RULES  # noqa: E402

AGENT = ["您好,请问有什么可以帮您?", "这个我不知道。", "你冷静一点,我不知道怎么办", "好的,马上为您处理"]


@pytest.fixture(scope="module")
def bank_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bank") / "bank.yaml"
    path.write_text(TWO_RULES, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None, host="127.0.0.1") as cluster, \
            distributed.Client(cluster) as client:
        yield client


def frame(n: int = 400) -> pd.DataFrame:
    return pd.DataFrame({
        "conversation": [f"c{i // 4}" for i in range(n)],
        "role": ["客户" if i % 2 == 0 else "客服" for i in range(n)],
        "agent": [f"A{i % 5}" for i in range(n)],
        "text": ["我不知道怎么退款" if i % 2 == 0 else AGENT[(i // 2) % 4] for i in range(n)],
    })


def test_findings_on_a_two_process_cluster(client, bank_file: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = frame()
    ddf = dd.from_pandas(pdf, npartitions=8)
    found = hdask.check_dataframe(ddf, "text", keep=["conversation", "agent"], role="role", bank=str(bank_file),
                                  select=None)
    assert list(found.columns) == ["conversation", "agent", *hdask.FINDING_COLUMNS]
    result = found.compute()
    # The same as checking each agent row here.
    checker = huashu.Checker(huashu.load_bank(bank_file))
    expected = [(i, f.rule_id, f.text) for i, row in pdf.iterrows() if row.role == "客服"
                for f in checker.check(row.text)]
    assert [(i, r.rule, r.phrase) for i, r in result.iterrows()] == expected
    assert len(result) == 150 and set(result.rule) == {"JJ001", "ZB001"}
    first = result.iloc[0]
    assert first.text[first.start:first.end] == first.phrase and first.suggestion == "我帮您查一下"
    # The declared meta matches what the workers return.
    assert dict(found.dtypes) == dict(result.dtypes)
    assert str(result.dtypes["start"]) == "int64"


def test_one_checker_per_worker(client, bank_file: Path) -> None:  # type: ignore[no-untyped-def]
    ddf = dd.from_pandas(frame(800), npartitions=16)
    hdask.check_dataframe(ddf, role="role", bank=str(bank_file), select=["JJ"]).compute()
    stats = client.run(hdask._built)
    assert len(stats) == 2
    for worker in stats.values():
        assert len(worker["built"]) == len(set(worker["built"])), "a worker built the same Checker twice"


def test_bad_column_is_a_clear_error(bank_file: Path) -> None:
    ddf = dd.from_pandas(frame(8), npartitions=2)
    with pytest.raises(KeyError, match="no column 'content'"):
        hdask.check_dataframe(ddf, "content", bank=str(bank_file))
