"""ansible/roles/firewall: each host of the many-hosts example opens what its groups need, to
the hosts that need it, and nft itself accepts every rule set.

The inventory is read with ansible-inventory (groups and host variables as Ansible sees them);
the rules are the role's template rendered for each host; ``nft --check`` parses them as the
role's ``validate`` does before installing them.
"""

import json
import re
import shutil
import subprocess

import pytest

from .conftest import ANSIBLE, BIN, DEV_VAULT_PASSWORD
from .roles import render

NFT = shutil.which("nft")


@pytest.fixture(scope="module")
def inventory(ansible_env):
    result = subprocess.run(
        [
            BIN / "ansible-inventory",
            "-i",
            "inventories/many-hosts/hosts.yml",
            "--vault-password-file",
            DEV_VAULT_PASSWORD,
            "--list",
        ],
        cwd=ANSIBLE,
        env=ansible_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    groups = {name: group.get("hosts", []) for name, group in data.items() if name != "_meta"}
    return groups, data["_meta"]["hostvars"]


def rules_for(host, inventory):
    groups, hostvars = inventory
    group_names = sorted(name for name, hosts in groups.items() if host in hosts)
    return render(
        "firewall",
        "nftables.conf.j2",
        groups=groups,
        hostvars=hostvars,
        group_names=group_names,
        inventory_hostname=host,
        firewall_monitoring_networks=["10.0.9.0/24"],
    )


def opened(rules, port):
    """The sources allowed to ``port`` (tcp) by one rule each, "any" for a public port."""
    sources = set(re.findall(rf"ip6? saddr (\S+) tcp dport {port} accept", rules))
    public = re.search(rf"tcp dport \{{[^}}]*\b{port}\b[^}}]*\}} accept", rules)
    return sources | ({"any"} if public else set())


def address(inventory, host):
    return inventory[1][host]["srok_private_address"]


def test_only_the_proxy_is_open_to_the_world(inventory):
    """80 and 443 on web1 (the proxy), nowhere else; every host drops what is not allowed."""
    for host in inventory[1]:
        rules = rules_for(host, inventory)
        assert "policy drop;" in rules
        expected = {"any"} if host == "web1" else set()
        assert opened(rules, 443) == expected, host
        assert opened(rules, 80) == expected, host


def test_internal_ports_are_open_to_their_groups_only(inventory):
    """PostgreSQL to the app hosts and the other database host, Redis to the app hosts,
    gunicorn to the proxy and the monitoring network; nothing on the worker."""
    app_hosts = {address(inventory, host) for host in ("web1", "web2", "worker1")}
    db1, db2 = address(inventory, "db1"), address(inventory, "db2")
    assert opened(rules_for("db1", inventory), 5432) == app_hosts | {db1, db2}
    assert opened(rules_for("db2", inventory), 5432) == app_hosts | {db1, db2}
    assert opened(rules_for("cache1", inventory), 6379) == app_hosts
    assert opened(rules_for("web2", inventory), 8000) == {address(inventory, "web1"), "10.0.9.0/24"}
    worker = rules_for("worker1", inventory)
    for port in (5432, 6379, 8000):
        assert opened(worker, port) == set(), port


@pytest.mark.skipif(not NFT, reason="nftables is not installed: apt-get install -y nftables")
def test_nft_accepts_every_hosts_rules(inventory, tmp_path):
    """nft --check parses each host's rules (what the role's validate runs)."""
    for host in inventory[1]:
        path = tmp_path / f"{host}.nft"
        path.write_text(rules_for(host, inventory))
        result = subprocess.run([NFT, "-c", "-f", path], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, f"{host}: {result.stderr}"
