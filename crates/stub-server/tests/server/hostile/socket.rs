//! What only a connection shows: trickling clients, stalled and oversized heads, bytes that
//! are not HTTP; the stub runs on a loopback port.

use std::time::Duration;

use axum::http::StatusCode;
use stub_server::Config;

use crate::support::{HANG, LiveServer, parse_response, raw_exchange};

fn quick_timeout() -> Config {
    let mut config = Config::default();
    config.limits.request_timeout = Duration::from_secs(1);
    config
}

/// A request head for the EnOS operation announcing a body of `length` bytes.
fn enos_head(length: usize) -> Vec<u8> {
    format!(
        "POST /app-portal-service/v2.3/userGroup/listAssignedUser?orgId=o123 HTTP/1.1\r\n\
         Host: 127.0.0.1\r\nContent-Type: application/json\r\napim-accesstoken: t\r\n\
         Content-Length: {length}\r\n\r\n"
    )
    .into_bytes()
}

#[tokio::test]
async fn a_body_that_trickles_is_cut_off_with_the_vendors_envelope() {
    let server = LiveServer::start(quick_timeout()).await;
    let mut chunks = vec![
        (Duration::ZERO, enos_head(100)),
        (Duration::ZERO, b"{\"a\"".to_vec()),
    ];
    // One byte every 300 ms would take half a minute; the stub must not wait for it.
    chunks.extend((0..96).map(|_| (Duration::from_millis(300), b" ".to_vec())));
    let exchange = raw_exchange(server.addr, chunks, HANG).await;
    let answer = exchange.answer().expect("an HTTP answer");
    let body = answer.json();
    assert_eq!(body["code"], 31400, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("did not arrive"),
        "{body}"
    );
    assert!(exchange.closed, "the connection stayed open");
    assert!(
        exchange.elapsed < Duration::from_secs(5),
        "{:?}",
        exchange.elapsed
    );
}

#[tokio::test]
async fn a_head_that_trickles_or_stalls_is_disconnected() {
    let server = LiveServer::start(quick_timeout()).await;
    // Stalls after half a head.
    let half = raw_exchange(
        server.addr,
        vec![(
            Duration::ZERO,
            b"GET /v4/groups/123/user-groups HTTP/1.1\r\nHost: x\r\n".to_vec(),
        )],
        HANG,
    )
    .await;
    assert!(half.closed, "the connection stayed open: {half:?}");
    assert!(half.elapsed < Duration::from_secs(5), "{:?}", half.elapsed);
    // Sends a header line byte by byte, never finishing.
    let mut chunks = vec![(
        Duration::ZERO,
        b"GET /v4/groups/123/user-groups HTTP/1.1\r\n".to_vec(),
    )];
    chunks.extend((0..100).map(|_| (Duration::from_millis(100), b"X".to_vec())));
    let slow = raw_exchange(server.addr, chunks, HANG).await;
    assert!(slow.closed, "the connection stayed open: {slow:?}");
    assert!(slow.elapsed < Duration::from_secs(5), "{:?}", slow.elapsed);
}

#[tokio::test]
async fn oversized_heads_and_bodies_are_refused_in_the_envelope_over_a_socket() {
    let server = LiveServer::start(Config::default()).await;
    let exchange = |bytes: Vec<u8>| raw_exchange(server.addr, vec![(Duration::ZERO, bytes)], HANG);
    // A 40 KiB request target: Huawei 414 APIGW.0201; 200 KiB of headers: Huawei 431
    // APIGW.0201.
    let long_target = format!("?search={}", "s".repeat(40 * 1024));
    let long_header = format!("X-Pad: {}\r\n", "p".repeat(200 * 1024));
    for (query, header, status) in [
        (long_target.as_str(), "", StatusCode::URI_TOO_LONG),
        (
            "",
            long_header.as_str(),
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
        ),
    ] {
        let head = format!(
            "GET /v4/groups/123/user-groups{query} HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\n{header}\r\n"
        );
        let answer = exchange(head.into_bytes())
            .await
            .answer()
            .expect("an answer");
        assert_eq!(answer.status, status);
        assert_eq!(answer.json()["error_code"], "APIGW.0201");
    }
    // A 2 MB body announced by Content-Length is refused before it is sent: EnOS 31413.
    let announced = exchange(enos_head(2_000_000)).await;
    assert_eq!(announced.answer().expect("an answer").json()["code"], 31413);
    // The same in chunks, without a length: refused once the limit is passed.
    let mut chunked = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
        X-TC-Action: ExportAssetUserList\r\nX-TC-Version: 2018-02-28\r\nX-TC-Timestamp: 1\r\n\
        Authorization: TC3-HMAC-SHA256 x\r\nTransfer-Encoding: chunked\r\n\r\n"
        .to_vec();
    for _ in 0..20 {
        chunked.extend_from_slice(format!("{:x}\r\n", 100_000).as_bytes());
        chunked.extend(std::iter::repeat_n(b' ', 100_000));
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let answer = exchange(chunked).await.answer().expect("an answer");
    assert_eq!(
        answer.json()["Response"]["Error"]["Code"],
        "RequestSizeLimitExceeded"
    );
}

/// What the HTTP layer refuses before any vendor can be told: not HTTP at all. It answers
/// 400 (or closes) at once, never hangs.
#[tokio::test]
async fn requests_that_are_not_http_are_refused_at_once() {
    let server = LiveServer::start(Config::default()).await;
    // More header fields than the HTTP layer takes (100).
    let mut many_headers = b"GET /v4/groups/123/user-groups HTTP/1.1\r\nHost: x\r\n".to_vec();
    for i in 0..150 {
        many_headers.extend_from_slice(format!("X-Field-{i}: {i}\r\n").as_bytes());
    }
    many_headers.extend_from_slice(b"\r\n");
    for raw in [
        &b"GET /v4/groups/\xff/user-groups HTTP/1.1\r\nHost: x\r\n\r\n"[..],
        b"GET /v4/groups/1 2/user-groups HTTP/1.1\r\nHost: x\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
        b"HELLO\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nX-Bad: a\x00b\r\n\r\n",
        &many_headers,
    ] {
        let exchange = raw_exchange(server.addr, vec![(Duration::ZERO, raw.to_vec())], HANG).await;
        assert!(
            exchange.closed,
            "{:?}: left open",
            String::from_utf8_lossy(raw)
        );
        if let Some(answer) = parse_response(&exchange.bytes) {
            assert!(answer.status.is_client_error(), "{:?}", answer.status);
        }
    }
}
